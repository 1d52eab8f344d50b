"""``POST /v1/upload_file``: a file for the organization's tasks to upload into pages.

The file lands where the agent's ``upload_file`` action looks (``files/<organization>/`` of
the data folder); a task names it in its prompt or payload. The SDK sends ``file`` as a form
field; a file part (``curl -F file=@resume.pdf``) keeps its filename."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, HTTPException, Request

from ...contract.responses import UploadedFileObject
from ..auth import CurrentKey
from ..deps import Uploads, UrlFor
from ..multipart import NotMultipart, parse_form
from .offered import offered

router = APIRouter(tags=["files"])

FIELD = "file"


@router.post(
    "/v1/upload_file",
    summary="Upload a file for tasks to put into pages",
    responses={200: {"model": UploadedFileObject}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": [FIELD],
                        "properties": {
                            FIELD: {
                                "type": "string",
                                "format": "binary",
                                "description": "The file (or its text as a form field).",
                            }
                        },
                    }
                }
            },
        }
    },
)
async def upload_file(
    request: Request, key: CurrentKey, uploads: Uploads, url_for: UrlFor
) -> dict[str, Any]:
    uploads = offered(uploads, "file uploads")
    try:
        form = parse_form(request.headers.get("content-type", ""), await request.body())
    except NotMultipart as exc:
        raise HTTPException(422, [_error(str(exc))]) from None
    part = form.get(FIELD)
    if part is None:
        raise HTTPException(422, [_error("the form has no `file` field")])
    name = part.filename or f"upload-{secrets.token_hex(4)}.txt"
    stored = uploads.save(key.organization_id, name, part.data)
    return {
        "s3_uri": stored.location,
        "presigned_url": url_for(stored.artifact_key),
        "filename": stored.name,
    }


def _error(message: str) -> dict[str, Any]:
    return {
        "loc": ["body", FIELD],
        "field": FIELD,
        "msg": f"{FIELD}: {message}",
        "type": "value_error",
    }
