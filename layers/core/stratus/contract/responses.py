"""The documented shapes of every response body, key for key as ``views`` and friends build them.

These models only describe: the routes still return the dicts built by ``views``,
``artifacts``, the webhook report and the 2FA answer, and declare these models with
``responses=`` so the OpenAPI document carries them without filtering a single byte.
Every model forbids extra keys and names every key as required (nullable where the value
may be null), so the unit tests that validate real payloads against them catch any drift.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..domain.status import Engine, RunStatus, RunType, StepStatus
from .artifacts import ArtifactType
from .fields import ProxyLocationName, RunWith

TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$"

Timestamp = Annotated[
    str,
    Field(
        pattern=TIMESTAMP_PATTERN,
        json_schema_extra={"format": "date-time"},
        examples=["2026-01-10T22:53:36.297774Z"],
    ),
]
Json = Annotated[Any, Field(description="Any JSON value.")]
NullableTextMap = dict[str, str | None]


class ResponseObject(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


# shared parts


class DownloadedFileObject(ResponseObject):
    url: str
    checksum: str
    filename: str
    modified_at: Timestamp | None


class RunErrorObject(ResponseObject):
    """An error code of the task's ``error_code_mapping`` that the agent reported."""

    error_code: str
    reasoning: str


class ScriptRun(ResponseObject):
    ai_fallback_triggered: bool


class GeoTargetObject(ResponseObject):
    country: str
    subdivision: str | None
    city: str | None


ProxyLocationValue = ProxyLocationName | GeoTargetObject


# the creating requests, echoed


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


# runs and tasks


class RunObject(ResponseObject):
    """``/v1/run/tasks`` and ``/v1/runs/{run_id}``: the run object."""

    run_id: str
    status: RunStatus
    created_at: Timestamp
    modified_at: Timestamp
    run_type: RunType
    output: Json
    downloaded_files: list[DownloadedFileObject]
    recording_url: str | None
    screenshot_urls: list[str] = Field(description="Newest first.")
    failure_reason: str | None
    queued_at: Timestamp | None
    started_at: Timestamp | None
    finished_at: Timestamp | None
    app_url: str | None
    browser_session_id: str | None
    browser_profile_id: str | None
    max_screenshot_scrolls: int | None
    script_run: ScriptRun
    errors: list[RunErrorObject]
    step_count: int
    run_request: RunRequestObject


class V1TaskObject(ResponseObject):
    """``/api/v1/tasks``: the v1 task object."""

    request: V1RequestObject | V2RequestObject | RunRequestObject
    task_id: str
    organization_id: str
    status: RunStatus
    title: str | None
    url: str | None
    created_at: Timestamp
    modified_at: Timestamp
    queued_at: Timestamp | None
    started_at: Timestamp | None
    finished_at: Timestamp | None
    extracted_information: Json
    screenshot_url: str | None = Field(description="The newest screenshot.")
    action_screenshot_urls: list[str] = Field(description="Newest first.")
    recording_url: str | None
    failure_reason: str | None
    errors: list[RunErrorObject]
    step_count: int
    max_steps_per_run: int
    downloaded_files: list[DownloadedFileObject]
    downloaded_file_urls: list[str]
    webhook_callback_url: str | None


class CreatedTask(ResponseObject):
    """The answer of ``POST /api/v1/tasks``."""

    task_id: str


class V2TaskObject(ResponseObject):
    """``/api/v2/tasks``: the v2 task object."""

    task_id: str
    status: RunStatus
    prompt: str
    url: str | None
    organization_id: str
    workflow_id: str | None
    workflow_run_id: str | None
    workflow_permanent_id: str | None
    summary: str | None
    output: Json
    failure_reason: str | None
    errors: list[RunErrorObject]
    step_count: int
    max_iterations: int | None
    screenshot_urls: list[str] = Field(description="Newest first.")
    downloaded_files: list[DownloadedFileObject]
    webhook_callback_url: str | None
    totp_verification_url: str | None
    totp_identifier: str | None
    proxy_location: ProxyLocationValue | None
    extracted_information_schema: Json
    error_code_mapping: NullableTextMap | None
    created_at: Timestamp
    modified_at: Timestamp
    queued_at: Timestamp | None
    started_at: Timestamp | None
    finished_at: Timestamp | None


# steps


class ActionObject(ResponseObject):
    action_type: str
    element_id: str | None
    reasoning: str | None
    params: dict[str, Json]
    success: bool
    error: str | None
    data: Json


class ActionResultObject(ResponseObject):
    success: bool
    exception_message: str | None


class StepOutputObject(ResponseObject):
    actions_and_results: list[tuple[ActionObject, list[ActionResultObject]]]


class StepObject(ResponseObject):
    organization_id: str
    task_id: str
    step_id: str
    status: StepStatus
    order: int
    retry_index: int
    input_token_count: int
    output_token_count: int
    step_cost: float
    url: str | None
    failure_reason: str | None
    actions: list[ActionObject]
    output: StepOutputObject
    created_at: Timestamp
    modified_at: Timestamp


# artifacts, webhook resends, 2FA codes, liveness


class ArtifactObject(ResponseObject):
    artifact_id: str = Field(pattern=r"^a_\d+$")
    artifact_type: ArtifactType
    uri: str
    signed_url: str
    run_id: str
    task_id: str
    step_id: str | None
    workflow_run_id: str | None
    organization_id: str
    created_at: Timestamp
    modified_at: Timestamp


class SentWebhookRequest(ResponseObject):
    url: str
    headers: dict[str, str]
    body: str


class ReceivedWebhookResponse(ResponseObject):
    status_code: int
    headers: dict[str, str]
    body: str


class WebhookScheduleObject(ResponseObject):
    """Where the run's webhook stands after the resend."""

    webhook_id: str = Field(description="The same on every attempt and resend of the event.")
    state: str | None = Field(description="pending, delivering, sent or failed.")
    attempts_made: int = Field(description="Scheduled attempts begun (resends not counted).")
    max_attempts: int
    attempts_remaining: int
    next_attempt_at: str | None = Field(description="When a waiting webhook is next tried.")


class WebhookReportObject(ResponseObject):
    """What ``retry_webhook`` sent and what came back (``error`` when nothing came back)."""

    run_id: str
    run_type: RunType
    default_webhook_url: str | None
    target_webhook_url: str
    payload: str = Field(description="The exact body sent: the run's object as compact JSON.")
    headers: dict[str, str]
    status_code: int | None
    latency_ms: int | None = Field(
        description="Milliseconds from sending the POST to its answer (or its network error); "
        "null when nothing was sent (a refused URL, nothing to sign with)."
    )
    response_body: str | None
    error: str | None
    request: SentWebhookRequest
    response: ReceivedWebhookResponse | None
    webhook_schedule: WebhookScheduleObject | None


class TotpCodeObject(ResponseObject):
    """A pushed 2FA code; ``code`` is what was parsed out of ``content`` ("" when none)."""

    totp_code_id: str
    totp_identifier: str
    task_id: str | None
    workflow_id: str | None
    workflow_run_id: str | None
    source: str | None
    content: str
    code: str
    expired_at: Timestamp | None
    organization_id: str
    created_at: Timestamp
    modified_at: Timestamp


class HealthObject(ResponseObject):
    status: Literal["ok"]


class RunSummaryObject(ResponseObject):
    """A run in the viewer's listing: any family, with its duration and its cost."""

    run_id: str
    status: RunStatus
    engine: Engine
    run_type: RunType
    prompt: str
    url: str | None
    created_at: Timestamp
    started_at: Timestamp | None
    finished_at: Timestamp | None
    duration_seconds: float | None = Field(description="From start to finish, once finished.")
    step_count: int
    cost: float = Field(description="The sum of the steps' model costs (USD).")
    app_url: str | None


class WebhookAttemptObject(ResponseObject):
    """One delivery of a run's webhook: where it went and what came back."""

    attempt_id: str
    run_id: str
    url: str
    trigger: Literal["finished", "retry"]
    status_code: int | None
    error: str | None
    response_body: str | None = Field(description="The first 2000 characters.")
    created_at: Timestamp
    duration_ms: int


class BrowserSessionObject(ResponseObject):
    """A persistent browser session, key for key the SDK's ``BrowserSessionResponse``."""

    browser_session_id: str
    organization_id: str
    status: Literal["running", "completed", "timeout"]
    runnable_type: str | None
    runnable_id: str | None
    timeout: int
    browser_address: str | None = Field(description="Not offered: always null.")
    app_url: str | None = Field(description="Not offered: always null.")
    extensions: list[str] | None
    browser_type: str | None
    browser_profile_id: str | None
    generate_browser_profile: bool
    vnc_streaming_supported: bool
    download_path: str | None
    downloaded_files: list[DownloadedFileObject]
    recordings: list[DownloadedFileObject]
    started_at: Timestamp | None
    completed_at: Timestamp | None
    created_at: Timestamp
    modified_at: Timestamp
    deleted_at: Timestamp | None


class BrowserProfileObject(ResponseObject):
    """A browser profile, key for key the SDK's ``BrowserProfile``; never its state."""

    browser_profile_id: str
    organization_id: str
    name: str
    description: str | None
    source_browser_type: str | None
    proxy_location: ProxyLocationValue | None
    proxy_session_id: str | None = Field(description="Not offered: always null.")
    is_managed: bool
    workflow_permanent_id: str | None
    browser_profile_key_digest: str | None
    created_at: Timestamp
    modified_at: Timestamp
    deleted_at: Timestamp | None


class RecordedFileObject(ResponseObject):
    """One video or trace of a run's recording."""

    key: str
    url: str = Field(description="Signed, expiring link to the file.")
    step: int | None = Field(description="The step a trace covers (1-based); null for videos.")
    bytes: int
    at: str = Field(description="When the file was stored (ISO 8601).")


class SkippedRecordingObject(ResponseObject):
    kind: Literal["video", "trace"]
    step: int | None
    bytes: int
    reason: str


class RecordingObject(ResponseObject):
    """A run's recording: the videos in the order recorded, and a Playwright trace per step."""

    videos: list[RecordedFileObject]
    traces: list[RecordedFileObject]
    bytes: int
    skipped: list[SkippedRecordingObject]


class TagItemObject(ResponseObject):
    key: str | None = Field(description="The tag's group; null for a standalone label.")
    value: str


class RunListItemObject(ResponseObject):
    """A run in ``GET /v1/runs``, key for key the SDK's ``TaskRunListItem``."""

    task_run_id: str
    run_id: str
    task_run_type: RunType
    status: RunStatus
    title: str | None
    started_at: Timestamp | None
    finished_at: Timestamp | None
    created_at: Timestamp
    workflow_permanent_id: str | None
    workflow_deleted: bool | None = Field(description="Not offered: always null.")
    script_run: bool = Field(description="Whether the run replays a learned script.")
    trigger_type: Literal["api"]
    tags: list[TagItemObject]


class VersionObject(ResponseObject):
    version: str


class BulkCancelObject(ResponseObject):
    cancelled: list[str] = Field(description="Runs canceled (or flagged to stop), as asked.")
    failed: list[str] = Field(description="Runs not found or already finished.")


class RunTagObject(ResponseObject):
    key: str | None = Field(description="The tag's group; null for a standalone label.")
    value: str
    source: Literal["api"]
    set_at: Timestamp
    set_by: str = Field(description="The id of the API key that set it.")


class RunTagsObject(ResponseObject):
    workflow_run_id: str = Field(description="The run id as asked (any run id works).")
    tags: list[RunTagObject]


class RunTagsBatchObject(ResponseObject):
    run_tags: dict[str, list[TagItemObject]] = Field(
        description="Tags by run id; runs of other organizations are absent."
    )


class ThoughtObject(ResponseObject):
    """One step (thought_type ``plan``) or webhook delivery (``metadata``) of a run."""

    thought_id: str
    task_id: str
    organization_id: str
    workflow_run_id: str | None
    workflow_run_block_id: None
    workflow_id: str | None
    workflow_permanent_id: str | None
    user_input: str | None = Field(description="The run's goal, on its first step.")
    observation: str | None = Field(description="Where the step was and how it ended.")
    thought: str | None = Field(description="The agent's reasoning.")
    answer: str | None = Field(description="The actions taken.")
    thought_type: Literal["plan", "metadata"]
    thought_scenario: None
    output: dict[str, Json] | None = Field(description="A webhook delivery's outcome.")
    input_token_count: int | None
    output_token_count: int | None
    thought_cost: float | None
    created_at: Timestamp
    modified_at: Timestamp


class TimelineEntryObject(ResponseObject):
    type: Literal["thought"]
    block: None
    thought: ThoughtObject
    children: list[Json]
    created_at: Timestamp
    modified_at: Timestamp


class UploadedFileObject(ResponseObject):
    s3_uri: str = Field(description="Where the file is kept (a file:// URL locally).")
    presigned_url: str = Field(description="A link to fetch the file back.")
    filename: str = Field(description="The name a task uses to upload it into a page.")
