"""The creating request as a run echoes it back, in each API family's shape."""

from __future__ import annotations

from ...domain.status import Engine
from ..fields import RunWith
from .base import Json, NullableTextMap, ProxyLocationValue, ResponseObject


class V1RequestObject(ResponseObject):
    """The body of ``POST /api/v1/tasks`` as validated, every field present."""

    url: str
    title: str | None
    navigation_goal: str | None
    data_extraction_goal: str | None
    navigation_payload: Json
    sensitive_payload_fields: list[str] | None
    extracted_information_schema: Json
    error_code_mapping: NullableTextMap | None
    complete_criterion: str | None
    terminate_criterion: str | None
    webhook_callback_url: str | None
    totp_verification_url: str | None
    totp_identifier: str | None
    proxy_location: ProxyLocationValue | None
    browser_session_id: str | None
    browser_profile_id: str | None
    extra_http_headers: NullableTextMap | None
    include_action_history_in_verification: bool | None
    max_screenshot_scrolls: int | None
    browser_address: str | None
    model: dict[str, Json] | None


class V2RequestObject(ResponseObject):
    """The body of ``POST /api/v2/tasks`` as validated, every field present."""

    user_prompt: str
    url: str | None
    webhook_callback_url: str | None
    totp_verification_url: str | None
    totp_identifier: str | None
    proxy_location: ProxyLocationValue | None
    extracted_information_schema: Json
    error_code_mapping: NullableTextMap | None
    browser_session_id: str | None
    browser_profile_id: str | None
    publish_workflow: bool | None
    extra_http_headers: NullableTextMap | None
    max_screenshot_scrolls: int | None
    browser_address: str | None
    model: dict[str, Json] | None


class RunRequestObject(ResponseObject):
    """The creating request in the run-request shape, whichever family created the run."""

    prompt: str
    url: str | None
    engine: Engine
    title: str | None
    proxy_location: ProxyLocationValue | None
    data_extraction_schema: Json
    error_code_mapping: NullableTextMap | None
    max_steps: int | None
    webhook_url: str | None
    totp_identifier: str | None
    totp_url: str | None
    browser_session_id: str | None
    browser_profile_id: str | None
    model: dict[str, Json] | None
    extra_http_headers: NullableTextMap | None
    publish_workflow: bool | None
    include_action_history_in_verification: bool | None
    max_screenshot_scrolls: int | None
    browser_address: str | None
    run_with: RunWith | None
