"""Persistent browser sessions: ``/v1/browser_sessions`` (the official SDK's routes)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...contract.browser_sessions import (
    CreateBrowserSessionRequest,
    ExtendBrowserSessionRequest,
    UpdateBrowserSessionRequest,
    browser_session_payload,
    proxy_location_value,
)
from ...contract.responses import BrowserSessionObject
from ...services.browser_sessions import BrowserSessionService
from ...services.errors import InvalidRequest
from ..auth import CurrentKey
from ..deps import BrowserProfiles, BrowserSessions, with_trailing_slash
from .offered import offered

router = APIRouter(tags=["browser sessions"])


def _sessions(service: BrowserSessionService | None) -> BrowserSessionService:
    return offered(service, "browser sessions")


@with_trailing_slash(
    router.post,
    "/v1/browser_sessions",
    summary="Create a browser session that persists across runs",
    responses={200: {"model": BrowserSessionObject}},
)
async def create_browser_session(
    body: CreateBrowserSessionRequest,
    key: CurrentKey,
    sessions: BrowserSessions,
    profiles: BrowserProfiles,
) -> dict[str, Any]:
    storage = None
    if body.browser_profile_id:
        storage = offered(profiles, "browser profiles").storage_for(
            key.organization_id, body.browser_profile_id
        )
    record = _sessions(sessions).create(
        key.organization_id,
        url=body.url,
        timeout_minutes=body.timeout,
        proxy_location=proxy_location_value(body.proxy_location),
        browser_profile_id=body.browser_profile_id if storage is not None else None,
        storage=storage,
    )
    return browser_session_payload(record)


@with_trailing_slash(
    router.get,
    "/v1/browser_sessions",
    summary="The organization's active browser sessions",
    responses={200: {"model": list[BrowserSessionObject]}},
)
async def list_browser_sessions(key: CurrentKey, sessions: BrowserSessions) -> list[dict[str, Any]]:
    records = await _sessions(sessions).list_active(key.organization_id)
    return [browser_session_payload(record) for record in records]


@with_trailing_slash(
    router.get,
    "/v1/browser_sessions/{browser_session_id}",
    summary="Get a browser session",
    responses={200: {"model": BrowserSessionObject}},
)
async def get_browser_session(
    browser_session_id: str, key: CurrentKey, sessions: BrowserSessions
) -> dict[str, Any]:
    record = await _sessions(sessions).get(key.organization_id, browser_session_id)
    return browser_session_payload(record)


@with_trailing_slash(
    router.post,
    "/v1/browser_sessions/{browser_session_id}/close",
    summary="Close a browser session; it cannot be used again",
    responses={200: {"model": BrowserSessionObject}},
)
async def close_browser_session(
    browser_session_id: str, key: CurrentKey, sessions: BrowserSessions
) -> dict[str, Any]:
    record = await _sessions(sessions).close(key.organization_id, browser_session_id)
    return browser_session_payload(record)


@with_trailing_slash(
    router.post,
    "/v1/browser_sessions/{browser_session_id}/extend",
    summary="Add minutes to a running session's deadline (up to 360 from its start)",
    responses={200: {"model": BrowserSessionObject}},
)
async def extend_browser_session(
    browser_session_id: str,
    body: ExtendBrowserSessionRequest,
    key: CurrentKey,
    sessions: BrowserSessions,
) -> dict[str, Any]:
    record = await _sessions(sessions).extend(
        key.organization_id, browser_session_id, body.additional_minutes
    )
    return browser_session_payload(record)


@router.patch(
    "/v1/browser_sessions/{browser_session_id}",
    summary="Update a running session (browser profiles are not offered: false only)",
    responses={200: {"model": BrowserSessionObject}},
)
async def update_browser_session(
    browser_session_id: str,
    body: UpdateBrowserSessionRequest,
    key: CurrentKey,
    sessions: BrowserSessions,
) -> dict[str, Any]:
    record = await _sessions(sessions).get(key.organization_id, browser_session_id)
    if body.generate_browser_profile:
        raise InvalidRequest(
            "generate_browser_profile: Stratus keeps no browser profiles; a session's state "
            "lives as long as the session",
            field="generate_browser_profile",
        )
    return browser_session_payload(record)
