"""Listings and views of runs: the run list, the viewer, tags, recordings, the timeline."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ...domain.status import Engine, RunStatus, RunType
from .base import Json, ResponseObject, Timestamp


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
