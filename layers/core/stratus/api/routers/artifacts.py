"""Signed artifact downloads: the signature in the URL is the authentication."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from ...ports import NotFound
from ..deps import Container

router = APIRouter(tags=["artifacts"])


@router.get("/v1/artifact-files/{key:path}", summary="Download an artifact by its signed URL")
def get_artifact_file(
    key: str,
    container: Container,
    expires: Annotated[int, Query()],
    signature: Annotated[str, Query(pattern=r"^[0-9a-fA-F]{1,128}$")],
) -> Response:
    store = container.artifacts
    verify = getattr(store, "verify", None)
    if verify is None:
        raise HTTPException(status_code=404, detail="Artifacts are not served here")
    if not key or not verify(key, expires, signature):
        raise HTTPException(status_code=403, detail="The artifact link is invalid or has expired")
    try:
        data, content_type = store.get(key)
    except (NotFound, FileNotFoundError, KeyError):
        raise HTTPException(status_code=404, detail="The artifact no longer exists") from None
    return Response(content=data, media_type=content_type, headers={"cache-control": "private"})
