"""Browser profiles: ``/v1/browser_profiles`` (the official SDK's routes)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ...contract.browser_profiles import (
    CreateBrowserProfileRequest,
    UpdateBrowserProfileRequest,
    browser_profile_payload,
)
from ...contract.responses import BrowserProfileObject
from ...services.browser_profiles import BrowserProfileService
from ..auth import CurrentKey
from ..deps import BrowserProfiles, with_trailing_slash
from .offered import offered
from .paging import PageNumber, PageSize

router = APIRouter(tags=["browser profiles"])


def _proxy(value: Any) -> Any:
    """As the run objects echo it: a name, or the geo target with every key."""
    if value is None:
        return None
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else str(value)


def _profiles(service: BrowserProfileService | None) -> BrowserProfileService:
    return offered(service, "browser profiles")


@with_trailing_slash(
    router.post,
    "/v1/browser_profiles",
    summary="Save a browser session's cookies and local storage as a profile, or a blank one",
    responses={200: {"model": BrowserProfileObject}},
)
async def create_browser_profile(
    body: CreateBrowserProfileRequest, key: CurrentKey, profiles: BrowserProfiles
) -> dict[str, Any]:
    record = _profiles(profiles).create(
        key.organization_id,
        name=body.name,
        description=body.description,
        browser_session_id=body.browser_session_id,
        workflow_run_id=body.workflow_run_id,
        proxy_location=_proxy(body.proxy_location),
    )
    return browser_profile_payload(record)


@with_trailing_slash(
    router.get,
    "/v1/browser_profiles",
    summary="The organization's browser profiles, newest first",
    responses={200: {"model": list[BrowserProfileObject]}},
)
async def list_browser_profiles(
    key: CurrentKey,
    profiles: BrowserProfiles,
    page: PageNumber = 1,
    page_size: PageSize = 10,
    include_deleted: bool = False,
    search_key: Annotated[str | None, Query(max_length=200)] = None,
    managed: bool | None = None,
) -> list[dict[str, Any]]:
    if managed:  # every profile here is made by its user
        return []
    records = _profiles(profiles).list(
        key.organization_id,
        page=page,
        page_size=page_size,
        include_deleted=include_deleted,
        search_key=search_key,
    )
    return [browser_profile_payload(record) for record in records]


@with_trailing_slash(
    router.get,
    "/v1/browser_profiles/{profile_id}",
    summary="Get a browser profile",
    responses={200: {"model": BrowserProfileObject}},
)
async def get_browser_profile(
    profile_id: str, key: CurrentKey, profiles: BrowserProfiles
) -> dict[str, Any]:
    return browser_profile_payload(_profiles(profiles).get(key.organization_id, profile_id))


@with_trailing_slash(
    router.patch,
    "/v1/browser_profiles/{profile_id}",
    summary="Rename or describe a browser profile",
    responses={200: {"model": BrowserProfileObject}},
)
async def update_browser_profile(
    profile_id: str, body: UpdateBrowserProfileRequest, key: CurrentKey, profiles: BrowserProfiles
) -> dict[str, Any]:
    changes = body.model_dump(include={"name", "description"}, exclude_unset=True)
    if body.proxy_location is not None:
        changes["proxy_location"] = _proxy(body.proxy_location)
    record = _profiles(profiles).update(key.organization_id, profile_id, changes)
    return browser_profile_payload(record)


@with_trailing_slash(
    router.delete,
    "/v1/browser_profiles/{profile_id}",
    summary="Delete a browser profile; runs can no longer use it",
    status_code=204,
    response_class=Response,
    responses={204: {"description": "Deleted."}},
)
async def delete_browser_profile(
    profile_id: str, key: CurrentKey, profiles: BrowserProfiles
) -> Response:
    _profiles(profiles).delete(key.organization_id, profile_id)
    return Response(status_code=204)
