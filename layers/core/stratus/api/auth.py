"""The ``x-api-key`` dependency: 401 when the header is missing, 403 when the key is unknown."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import APIKeyHeader

from ..domain.models import ApiKey
from .deps import container_of
from .request_context import note_organization

api_key_header = APIKeyHeader(
    name="x-api-key",
    auto_error=False,
    description="The API key of your organization.",
)


async def require_api_key(
    request: Request, raw_key: Annotated[str | None, Security(api_key_header)] = None
) -> ApiKey:
    """On the event loop: the lookup is one indexed read (and, once a minute, the key's last
    use), cheaper than the thread-pool hand-off FastAPI makes for a plain ``def``
    dependency; on AWS the API serves one request per invocation."""
    if raw_key is None or not raw_key.strip():
        raise HTTPException(
            status_code=401,
            detail="Missing API key: send it in the x-api-key header",
        )
    key = container_of(request).keys.authenticate(raw_key.strip())
    if key is None:
        raise HTTPException(status_code=403, detail="Invalid API key")
    note_organization(key.organization_id)
    return key


CurrentKey = Annotated[ApiKey, Depends(require_api_key)]
