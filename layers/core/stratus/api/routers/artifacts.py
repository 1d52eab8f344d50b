"""Signed artifact downloads: the signature in the URL is the authentication."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from ...ports import NotFound
from ..deps import Artifacts

router = APIRouter(tags=["artifacts"])


# The endpoint returns its own Response, so ``response_class`` only keeps the document from
# promising JSON: the body is the stored file, of the media type it was stored with
# (screenshots, page snapshots and model exchanges, pages).
ARTIFACT_FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The artifact's bytes, with the media type it was stored with.",
        "content": {
            "image/png": {"schema": {"type": "string", "format": "binary"}},
            "application/json": {"schema": {"description": "Any JSON value."}},
            "text/html": {"schema": {"type": "string"}},
            "*/*": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


# A stored page is the site's, not ours: opened from the viewer, it runs sandboxed (an
# opaque origin, no scripts), so it can never reach this origin's storage or API.
ARTIFACT_HEADERS = {
    "cache-control": "private",
    "content-security-policy": (
        "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
    ),
    "x-content-type-options": "nosniff",
}


@router.get(
    "/v1/artifact-files/{key:path}",
    summary="Download an artifact by its signed URL",
    response_class=Response,
    responses=ARTIFACT_FILE_RESPONSES,
)
def get_artifact_file(
    key: str,
    store: Artifacts,
    expires: Annotated[int, Query()],
    signature: Annotated[str, Query(pattern=r"^[0-9a-fA-F]{1,128}$")],
) -> Response:
    verify = getattr(store, "verify", None)
    if verify is None:
        raise HTTPException(status_code=404, detail="Artifacts are not served here")
    if not key or not verify(key, expires, signature):
        raise HTTPException(status_code=403, detail="The artifact link is invalid or has expired")
    try:
        data, content_type = store.get(key)
    except (NotFound, FileNotFoundError, KeyError):
        raise HTTPException(status_code=404, detail="The artifact no longer exists") from None
    return Response(content=data, media_type=content_type, headers=ARTIFACT_HEADERS)
