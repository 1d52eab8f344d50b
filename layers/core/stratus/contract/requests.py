"""Request bodies of every route family.

Unknown fields are ignored (clients send newer fields); a known field of the wrong type
is rejected with a 422 that names it. ``null`` is accepted wherever a field is optional,
because generated clients send explicit nulls.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..domain.status import Engine
from .field_typos import record_ignored, sort_unknown
from .fields import (
    CdpAddress,
    ErrorCodeMapping,
    ExtractionSchema,
    HttpUrlStr,
    JsonValue,
    MaxSteps,
    OptionalHttpUrl,
    Prompt,
    ProxyLocation,
    RequiredPrompt,
    RunWith,
    ScreenshotScrolls,
    ShortText,
)
from .headers import HeaderMap
from .model_options import ModelOptions

Identifier = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
PayloadPath = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class RequestModel(BaseModel):
    model_config = ConfigDict(extra="ignore", str_max_length=200_000)

    @model_validator(mode="before")
    @classmethod
    def _refuse_near_misses(cls, data: Any) -> Any:
        """Unknown fields are ignored (and reported), but a near miss of a known field is
        refused naming the field it probably meant."""
        if not isinstance(data, dict):
            return data
        known = {name for name in cls.model_fields} | {
            info.alias for info in cls.model_fields.values() if info.alias
        }
        unknown = [name for name in data if isinstance(name, str) and name not in known]
        if not unknown:
            return data
        misspelled, ignored = sort_unknown(unknown, known)
        if misspelled:
            raise PydanticCustomError(
                "misspelled_field",
                "unknown fields that look like misspelled ones: {summary}",
                {
                    "fields": misspelled,
                    "summary": ", ".join(
                        f"{k} (did you mean `{v}`?)" for k, v in misspelled.items()
                    ),
                },
            )
        record_ignored(ignored)
        return data


class V1TaskRequest(RequestModel):
    """``POST /api/v1/tasks``."""

    url: HttpUrlStr
    title: ShortText | None = None
    navigation_goal: Prompt | None = None
    data_extraction_goal: Prompt | None = None
    navigation_payload: JsonValue = None
    sensitive_payload_fields: list[PayloadPath] | None = None
    extracted_information_schema: ExtractionSchema = None
    error_code_mapping: ErrorCodeMapping | None = None
    complete_criterion: Prompt | None = None
    terminate_criterion: Prompt | None = None
    webhook_callback_url: OptionalHttpUrl = None
    totp_verification_url: OptionalHttpUrl = None
    totp_identifier: Identifier | None = None
    proxy_location: ProxyLocation | None = None
    browser_session_id: Identifier | None = None
    browser_profile_id: Identifier | None = None
    extra_http_headers: HeaderMap | None = None
    include_action_history_in_verification: bool | None = None
    max_screenshot_scrolls: ScreenshotScrolls | None = None
    browser_address: CdpAddress | None = None
    model: ModelOptions | None = None

    @field_validator("sensitive_payload_fields")
    @classmethod
    def _sensitive_fields_are_in_the_payload(
        cls, paths: list[str] | None, info: ValidationInfo
    ) -> list[str] | None:
        payload = info.data.get("navigation_payload")
        for path in paths or ():
            value: Any = payload
            for part in path.split("."):
                if not isinstance(value, dict) or part not in value:
                    raise ValueError(f"{path!r} is not a field of navigation_payload")
                value = value[part]
        return paths


class V2TaskRequest(RequestModel):
    """``POST /api/v2/tasks``."""

    user_prompt: RequiredPrompt
    url: OptionalHttpUrl = None
    webhook_callback_url: OptionalHttpUrl = None
    totp_verification_url: OptionalHttpUrl = None
    totp_identifier: Identifier | None = None
    proxy_location: ProxyLocation | None = None
    extracted_information_schema: ExtractionSchema = None
    error_code_mapping: ErrorCodeMapping | None = None
    browser_session_id: Identifier | None = None
    browser_profile_id: Identifier | None = None
    publish_workflow: bool | None = None
    extra_http_headers: HeaderMap | None = None
    max_screenshot_scrolls: ScreenshotScrolls | None = None
    browser_address: CdpAddress | None = None
    model: ModelOptions | None = None


class RunTaskRequest(RequestModel):
    """``POST /v1/run/tasks``: the shape of the official SDK's ``run_task``."""

    prompt: RequiredPrompt
    url: OptionalHttpUrl = None
    engine: Engine = Engine.skyvern_v2
    title: ShortText | None = None
    proxy_location: ProxyLocation | None = None
    data_extraction_schema: ExtractionSchema = None
    error_code_mapping: ErrorCodeMapping | None = None
    max_steps: MaxSteps | None = None
    webhook_url: OptionalHttpUrl = None
    totp_identifier: Identifier | None = None
    totp_url: OptionalHttpUrl = None
    browser_session_id: Identifier | None = None
    browser_profile_id: Identifier | None = None
    model: ModelOptions | None = None
    extra_http_headers: HeaderMap | None = None
    publish_workflow: bool | None = False
    include_action_history_in_verification: bool | None = False
    max_screenshot_scrolls: ScreenshotScrolls | None = None
    browser_address: CdpAddress | None = None
    # sent when connecting to browser_address; sealed at rest, never echoed back
    cdp_connect_headers: HeaderMap | None = None
    run_with: RunWith | None = None

    @field_validator("engine", mode="before")
    @classmethod
    def _engine_default_for_null(cls, value: Any) -> Any:
        return Engine.skyvern_v2 if value is None else value


class TotpPushRequest(RequestModel):
    """``POST /v1/credentials/totp``: a 2FA code (or the message carrying it) pushed by the user."""

    # not blank: the published pattern says so, as the server's strip-then-check does
    totp_identifier: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500, pattern=r"\S")
    ]
    content: Annotated[str, StringConstraints(min_length=1, max_length=100_000)]
    task_id: Identifier | None = None
    workflow_id: Identifier | None = None
    workflow_run_id: Identifier | None = None
    source: ShortText | None = None
    expired_at: datetime | None = None

    @field_validator("expired_at")
    @classmethod
    def _expiry_in_utc_range(cls, value: datetime | None) -> datetime | None:
        """An expiry must be expressible in UTC (naive values are taken as UTC)."""
        if value is None:
            return None
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        try:
            return aware.astimezone(UTC)
        except OverflowError:
            raise ValueError("expired_at is outside the range of UTC timestamps") from None


class RetryWebhookRequest(RequestModel):
    """Optional body of ``retry_webhook``: send to another URL this once."""

    webhook_url: OptionalHttpUrl = None
