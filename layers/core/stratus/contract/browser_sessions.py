"""The browser-session routes' request body and answer (the SDK's BrowserSessionResponse)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from ..domain.browser_sessions import (
    MAX_LIFETIME_MINUTES,
    MAX_TIMEOUT_MINUTES,
    MIN_TIMEOUT_MINUTES,
    BrowserSessionRecord,
)
from .fields import OptionalHttpUrl, ProxyLocation
from .requests import Identifier, RequestModel
from .responses import BrowserSessionObject
from .timestamps import timestamp

TimeoutMinutes = Annotated[int, Field(ge=MIN_TIMEOUT_MINUTES, le=MAX_TIMEOUT_MINUTES)]


class CreateBrowserSessionRequest(RequestModel):
    """``POST /v1/browser_sessions``; the SDK's other fields (extensions, browser type) are
    ignored."""

    url: OptionalHttpUrl = None
    timeout: TimeoutMinutes | None = Field(
        default=None, description="Minutes the session lives after it starts (5 to 240, 60)."
    )
    proxy_location: ProxyLocation | None = None
    browser_profile_id: Identifier | None = Field(
        default=None, description="A browser profile whose cookies and storage it starts with."
    )


class ExtendBrowserSessionRequest(RequestModel):
    """``POST /v1/browser_sessions/{id}/extend``."""

    additional_minutes: int = Field(
        ge=1,
        le=MAX_LIFETIME_MINUTES,
        description="Minutes added to the deadline; the lifetime stops at 360 from the start.",
    )


class UpdateBrowserSessionRequest(RequestModel):
    """``PATCH /v1/browser_sessions/{id}``: browser profiles are not offered, so only
    ``false`` (the only state a Stratus session has) is accepted."""

    generate_browser_profile: bool = Field(
        description="Stratus keeps no browser profiles: only false is accepted."
    )


def proxy_location_value(value: Any) -> Any:
    """A proxy location as stored: its name, or the geo target as a plain dict."""
    if value is None:
        return None
    return value.model_dump(exclude_none=True) if hasattr(value, "model_dump") else str(value)


def browser_session_payload(record: BrowserSessionRecord) -> dict[str, Any]:
    return BrowserSessionObject.produce(
        browser_session_id=record.browser_session_id,
        organization_id=record.organization_id,
        status=record.status.value,
        runnable_type=record.runnable_type,
        runnable_id=record.runnable_id,
        timeout=record.timeout_minutes,
        browser_address=None,
        app_url=None,
        extensions=None,
        browser_type=None,
        browser_profile_id=record.browser_profile_id,
        generate_browser_profile=False,
        vnc_streaming_supported=False,
        download_path=None,
        downloaded_files=[],
        recordings=[],
        started_at=timestamp(record.started_at),
        completed_at=timestamp(record.completed_at),
        created_at=timestamp(record.created_at),
        modified_at=timestamp(record.modified_at),
        deleted_at=None,
    ).model_dump(mode="json")
