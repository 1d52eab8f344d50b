"""The browser-profile routes' bodies and answer (the SDK's ``BrowserProfile``)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints

from ..domain.browser_profiles import (
    MAX_DESCRIPTION_LENGTH,
    MAX_NAME_LENGTH,
    BrowserProfileRecord,
)
from .fields import ProxyLocation
from .requests import Identifier, RequestModel
from .responses import BrowserProfileObject
from .timestamps import timestamp

ProfileName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME_LENGTH)
]
ProfileDescription = Annotated[str, StringConstraints(max_length=MAX_DESCRIPTION_LENGTH)]


class CreateBrowserProfileRequest(RequestModel):
    """``POST /v1/browser_profiles``: blank, or from a browser session's saved state."""

    name: ProfileName
    description: ProfileDescription | None = None
    browser_session_id: Identifier | None = Field(
        default=None, description="The session whose cookies and local storage are saved."
    )
    workflow_run_id: Identifier | None = Field(
        default=None,
        description="A run (its id or workflow run id) whose last saved cookies and local "
        "storage are saved; browser_session_id wins when both are given.",
    )
    proxy_location: ProxyLocation | None = None
    proxy_session_id: Identifier | None = Field(default=None, description="Ignored.")


class UpdateBrowserProfileRequest(RequestModel):
    """``PATCH /v1/browser_profiles/{profile_id}``: rename or describe a profile."""

    name: ProfileName | None = None
    description: ProfileDescription | None = None
    proxy_location: ProxyLocation | None = None
    proxy_session_id: Identifier | None = Field(default=None, description="Ignored.")
    rotate_proxy_session_id: bool | None = Field(default=None, description="Ignored.")


def browser_profile_payload(record: BrowserProfileRecord) -> dict[str, Any]:
    """Never the state: only what describes the profile."""
    return BrowserProfileObject.produce(
        browser_profile_id=record.browser_profile_id,
        organization_id=record.organization_id,
        name=record.name,
        description=record.description,
        source_browser_type="chromium",
        proxy_location=record.proxy_location,
        proxy_session_id=None,
        is_managed=False,
        workflow_permanent_id=None,
        browser_profile_key_digest=None,
        created_at=timestamp(record.created_at),
        modified_at=timestamp(record.modified_at),
        deleted_at=timestamp(record.deleted_at),
    ).model_dump(mode="json")
