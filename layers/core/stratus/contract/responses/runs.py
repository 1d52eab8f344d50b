"""Runs, tasks, their steps and artifacts."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import ConfigDict, Field, SerializeAsAny, SkipValidation

from ...domain.status import RunStatus, RunType, StepStatus
from ..artifact_types import ArtifactType
from .base import (
    DownloadedFileObject,
    Json,
    NullableTextMap,
    ProxyLocationValue,
    ResponseObject,
    RunErrorObject,
    ScriptRun,
    Timestamp,
)
from .run_requests import RunRequestObject, V1RequestObject, V2RequestObject

Shape = TypeVar("Shape")

# The creating request, echoed as it was stored rather than rebuilt: documented by its
# models (and held to their schema by the tests), passed through as kept, so a run stored
# before a field was added shows the body it had.
StoredRequest = Annotated[SkipValidation[SerializeAsAny[Shape]], "stored request"]


def _request_as_reference(schema: dict[str, Any]) -> None:
    schema["properties"]["run_request"].pop("title", None)  # the plain reference to its model


class RunObject(ResponseObject):
    """``/v1/run/tasks`` and ``/v1/runs/{run_id}``: the run object."""

    model_config = ConfigDict(json_schema_extra=_request_as_reference)

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
    run_request: StoredRequest[RunRequestObject]


class V1TaskObject(ResponseObject):
    """``/api/v1/tasks``: the v1 task object."""

    request: StoredRequest[V1RequestObject | V2RequestObject | RunRequestObject]
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
