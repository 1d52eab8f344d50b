"""The run, its steps and the records around them.

A ``Run`` is engine- and API-neutral: the contract layer maps it onto the v1 task,
v2 task and run objects. ``TaskSpec`` is what the agent needs to know to do the work,
derived once from the creating request.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .status import ApiFamily, Engine, RunStatus, RunType, StepStatus


def utcnow() -> datetime:
    return datetime.now(UTC)


class DomainModel(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class TaskSpec(DomainModel):
    """Everything an engine needs to pursue the goal, independent of the API family."""

    goal: str
    url: str | None = None
    facts: Any = None
    sensitive_fields: list[str] | None = None  # paths in facts whose values are secrets
    extraction_goal: str | None = None
    extraction_schema: Any = None
    error_code_mapping: dict[str, str] | None = None
    complete_criterion: str | None = None
    terminate_criterion: str | None = None
    totp_url: str | None = None
    totp_identifier: str | None = None
    extra_http_headers: dict[str, str] | None = None
    include_action_history_in_verification: bool = False
    max_screenshot_scrolls: int | None = None
    browser_address: str | None = None
    # headers to send when connecting to browser_address, sealed (SecretBox): JSON object
    cdp_connect_headers_sealed: str | None = None
    browser_session_id: str | None = None
    browser_profile_id: str | None = None  # the profile the run's browser starts with
    proxy_location: Any = None
    model: str | None = None
    user_agent: str | None = None


class DownloadedFile(DomainModel):
    url: str
    checksum: str
    filename: str
    modified_at: datetime | None = None


class RunTag(DomainModel):
    """A label on a run: ``value`` alone, or grouped under ``key`` (one value per key)."""

    key: str | None = None
    value: str
    set_at: datetime = Field(default_factory=utcnow)
    set_by: str = "api"


class Run(DomainModel):
    run_id: str
    organization_id: str
    api_family: ApiFamily
    run_type: RunType
    engine: Engine
    status: RunStatus = RunStatus.created
    spec: TaskSpec
    request: dict[str, Any] = Field(default_factory=dict)
    title: str | None = None
    webhook_url: str | None = None
    api_key_id: str | None = None
    # chosen by a caller that requested the run through EventBridge, SQS or a batch file
    idempotency_key: str | None = None
    # where such a caller asked for the "Run Finished" detail too (an SQS queue or SNS topic
    # ARN its organization allows); reply_sent once it was handed to that destination
    reply_to: str | None = None
    reply_sent: bool = False
    max_steps: int = 10
    max_iterations: int | None = None
    run_with: str | None = None
    publish_workflow: bool = False

    created_at: datetime = Field(default_factory=utcnow)
    modified_at: datetime = Field(default_factory=utcnow)
    queued_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    deadline_at: datetime | None = None

    output: Any = None
    summary: str | None = None
    failure_reason: str | None = None
    errors: list[dict[str, Any]] = Field(default_factory=list)
    step_count: int = 0
    downloaded_files: list[DownloadedFile] = Field(default_factory=list)
    screenshot_keys: list[str] = Field(default_factory=list)
    recording_key: str | None = None  # the recording's playlist, once a video was stored
    ai_fallback_triggered: bool = False
    model_calls: int = 0

    # v2 identities (stable, issued at creation)
    workflow_run_id: str | None = None
    workflow_id: str | None = None
    workflow_permanent_id: str | None = None
    browser_session_id: str | None = None

    # execution bookkeeping
    cancel_requested: bool = False
    engine_state: dict[str, Any] = Field(default_factory=dict)
    lease_owner: str | None = None
    lease_expires_at: datetime | None = None
    crash_count: int = 0
    webhook_state: str | None = None  # None (no webhook) | pending | delivering | sent | failed
    webhook_attempts: int = 0  # scheduled delivery attempts begun (see webhook_schedule)
    webhook_next_attempt_at: datetime | None = None  # when a pending webhook is next tried
    finished_announced: bool = False  # the "run finished" event went out after the final write
    # the last orchestrator call of a step that ended: {"key", "report"} (repeats answer it)
    last_invocation: dict[str, Any] | None = None
    # an action a dead worker left unfinished that may have taken effect (see action_journal);
    # the next step is told, and cleared once a step ends
    uncertain_action: dict[str, Any] | None = None
    awaiting_admission: bool = False  # queued over an active-run cap: not started yet
    restarts: int = 0  # times a lost execution of the run was started again
    tags: list[RunTag] = Field(default_factory=list)  # labels the client set (list filters)

    @property
    def is_terminal(self) -> bool:
        return self.status.is_terminal


class ActionRecord(DomainModel):
    """One action the agent took and what came of it."""

    action_type: str
    element_id: str | None = None
    reasoning: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    success: bool = True
    error: str | None = None
    data: Any = None


class Step(DomainModel):
    step_id: str
    run_id: str
    organization_id: str
    order: int
    retry_index: int = 0
    status: StepStatus = StepStatus.created
    input_token_count: int = 0
    output_token_count: int = 0
    cost: float = 0.0
    model_calls: int = 0
    url: str | None = None
    actions: list[ActionRecord] = Field(default_factory=list)
    failure_reason: str | None = None
    artifact_keys: dict[str, str] = Field(default_factory=dict)
    page_restore: str | None = None  # what a cold browser brought back before this step
    # the action under way (journaled before it runs, cleared after): set on a step a dead
    # worker left running, it names what may or may not have taken effect
    pending_action: dict[str, Any] | None = None
    created_at: datetime = Field(default_factory=utcnow)
    modified_at: datetime = Field(default_factory=utcnow)


class Organization(DomainModel):
    organization_id: str
    name: str
    max_steps_default: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    # the Standard Webhooks ``whsec_`` secret, sealed like API keys (never stored plain)
    webhook_secret_sealed: str | None = None


class ApiKey(DomainModel):
    """An API key: looked up by digest, kept sealed (never plain) for signing webhooks."""

    key_id: str
    organization_id: str
    name: str
    digest: str
    sealed: str
    created_at: datetime = Field(default_factory=utcnow)
    revoked: bool = False
    revoked_at: datetime | None = None
    expires_at: datetime | None = None  # set by a rotation: the end of its grace period
    last_used_at: datetime | None = None  # recorded at most once a minute

    def usable_at(self, now: datetime) -> bool:
        """Whether the key authenticates at ``now``: not revoked, not past its expiry."""
        return not self.revoked and (self.expires_at is None or now < self.expires_at)

    # The three changes a key undergoes, each keeping what an earlier, concurrent change
    # decided: the first revocation, the earliest expiry, the latest use.
    def revoked_changes(self, at: datetime) -> dict[str, Any]:
        return {"revoked": True, "revoked_at": self.revoked_at or at}

    def expired_changes(self, at: datetime) -> dict[str, Any]:
        return {"expires_at": min(self.expires_at, at) if self.expires_at else at}

    def used_changes(self, at: datetime) -> dict[str, Any]:
        return {"last_used_at": max(self.last_used_at, at) if self.last_used_at else at}


class TotpCode(DomainModel):
    totp_id: str
    organization_id: str
    totp_identifier: str
    content: str
    code: str | None
    task_id: str | None = None
    workflow_run_id: str | None = None
    source: str | None = None
    expired_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class WebhookAttempt(DomainModel):
    attempt_id: str
    run_id: str
    organization_id: str
    url: str
    request_headers: dict[str, str]
    request_body: str
    status_code: int | None = None
    response_body: str | None = None
    error: str | None = None
    trigger: str = "finished"  # finished (a scheduled attempt) | retry (a resend on demand)
    created_at: datetime = Field(default_factory=utcnow)
    duration_ms: int = 0
    # the schedule as this attempt left it (scheduled attempts; a resend leaves it as it was)
    attempt_number: int | None = None
    attempts_remaining: int | None = None
    next_attempt_at: datetime | None = None
