"""Ports: the Protocols the services depend on. Adapters implement them; fakes too.

Only ``bootstrap.py`` chooses concrete adapters.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .browser_ports import BrowserProfileStore as BrowserProfileStore
from .browser_ports import BrowserProvider as BrowserProvider
from .browser_ports import BrowserSession as BrowserSession
from .browser_ports import BrowserSessionStore as BrowserSessionStore
from .browser_ports import CdpEndpoint as CdpEndpoint
from .browser_ports import RemoteBrowserEndpoints as RemoteBrowserEndpoints
from .browser_ports import SessionBrowserProvider as SessionBrowserProvider
from .domain.engine import StepOutcome
from .domain.models import (
    ApiKey,
    Organization,
    Run,
    Step,
    TotpCode,
    WebhookAttempt,
)
from .domain.page_restore import PageRestore
from .domain.status import ApiFamily, RunStatus
from .model_ports import LLM as LLM
from .model_ports import LLMError as LLMError
from .model_ports import LLMReply as LLMReply
from .model_ports import LLMRequest as LLMRequest
from .model_ports import ModelCredentials as ModelCredentials
from .outbound_ports import HttpResponse as HttpResponse
from .outbound_ports import HttpSender as HttpSender
from .outbound_ports import SignedRequest as SignedRequest
from .outbound_ports import SigningUnavailable as SigningUnavailable
from .outbound_ports import TotpRequestSigner as TotpRequestSigner
from .outbound_ports import VerificationCodes as VerificationCodes

if TYPE_CHECKING:  # the API process never imports Playwright
    from .scripts.model import Script


class NotFound(Exception):
    """The record does not exist."""


class Conflict(Exception):
    """A record with that id already exists."""


@dataclass(frozen=True)
class RunCondition:
    """A condition for a conditional write to a run; every part given must hold.

    - ``status_in``: the run's current status is one of these.
    - ``lease_claimable_by``: (owner, now): no lease, a lease held by owner, or one
      expired before now.
    - ``lease_held_by``: the lease is held by this owner.
    - ``webhook_state_in``: the run's webhook_state is one of these (None allowed as a member).
    - ``webhook_claimable_at``: webhook_state is pending with no next attempt time or one
      at or before it, or delivering with a lease expired before it.
    - ``awaiting_admission``: the run's awaiting_admission flag has this value.
    - ``restarts_is``: the run's execution was restarted exactly this many times.
    - ``webhook_attempts_is``: exactly this many scheduled webhook attempts were begun.
    """

    status_in: frozenset[RunStatus] | None = None
    lease_claimable_by: tuple[str, datetime] | None = None
    lease_held_by: str | None = None
    webhook_state_in: frozenset[str | None] | None = None
    webhook_claimable_at: datetime | None = None
    awaiting_admission: bool | None = None
    restarts_is: int | None = None
    webhook_attempts_is: int | None = None


class RunStore(Protocol):
    # organizations and keys
    def create_organization(self, org: Organization) -> None: ...
    def get_organization(self, organization_id: str) -> Organization | None: ...
    def put_api_key(self, key: ApiKey) -> None: ...
    def find_api_key_by_digest(self, digest: str) -> ApiKey | None: ...
    def get_api_key(self, key_id: str) -> ApiKey | None: ...
    def list_api_keys(self, organization_id: str | None = None) -> list[ApiKey]:
        """Keys (of one organization, or all), oldest first; revoked and expired included."""

    def revoke_api_key(self, key_id: str, at: datetime) -> ApiKey | None:
        """Mark the key revoked (the first revocation time stays); None if unknown."""

    def expire_api_key(self, key_id: str, at: datetime) -> ApiKey | None:
        """Let the key stop working at ``at`` (an earlier expiry stays); None if unknown."""

    def mark_api_key_used(self, key_id: str, at: datetime) -> None:
        """Record a use at ``at``; a later recorded use stays. Never changes anything else.
        Bookkeeping: a store may skip it rather than wait for a busy database (the key's
        next use records it)."""

    # runs
    def create_run(self, run: Run) -> None:
        """Insert a new run; raises Conflict if the id exists."""

    def get_run(self, run_id: str) -> Run | None: ...

    def find_run(self, organization_id: str, any_id: str) -> Run | None:
        """A run of this organization by run id or by its workflow_run_id."""

    def list_runs(
        self,
        organization_id: str,
        *,
        page: int,
        page_size: int,
        api_families: frozenset[ApiFamily] | None = None,
        statuses: frozenset[RunStatus] | None = None,
    ) -> list[Run]:
        """Newest first; page is 1-based; ``statuses`` keeps runs in one of them."""

    def update_run(
        self, run_id: str, changes: Mapping[str, Any], condition: RunCondition | None = None
    ) -> Run | None:
        """Apply ``changes`` (Run field -> new value) if ``condition`` holds, atomically.

        Returns the updated run, or None when the condition did not hold.
        Raises NotFound when there is no such run. ``modified_at`` is set by the caller.
        """

    def list_active_run_ids(self, *, limit: int = 100) -> list[str]:
        """Ids of runs in created/queued/running, oldest first (for workers)."""

    def list_active_runs(self, *, limit: int = 100) -> list[Run]:
        """Runs in created/queued/running, oldest first, each read consistently."""

    def list_pending_webhook_run_ids(
        self, *, due_by: datetime | None = None, limit: int = 100
    ) -> list[str]:
        """Ids of terminal runs whose webhook_state is pending or delivering, soonest due
        first (``domain.webhook_schedule.webhook_due_at``); with ``due_by``, only those due
        at or before it. Indexed on the due time: a scan of due webhooks stays cheap."""

    # steps
    def put_step(self, step: Step) -> None:
        """Insert or replace a step (keyed by step_id)."""

    def list_steps(self, run_id: str) -> list[Step]:
        """Steps of a run by (order, retry_index)."""

    # 2FA codes
    def add_totp_code(self, code: TotpCode) -> None: ...
    def find_totp_codes(
        self, organization_id: str, totp_identifier: str, *, created_after: datetime
    ) -> list[TotpCode]:
        """Codes for the identifier created after the instant, newest first."""

    # webhook attempts
    def add_webhook_attempt(self, attempt: WebhookAttempt) -> None: ...
    def list_webhook_attempts(self, run_id: str) -> list[WebhookAttempt]: ...


class RateLimiter(Protocol):
    """Token buckets by name (an organization's run creation), shared by every process
    that shares the backing store."""

    def take(self, bucket: str) -> float:
        """Take one token: 0.0 when taken, else the seconds until one will be there."""


class RunsStoredAtOnce(Protocol):
    """A store that can take a new run without waiting, for a caller on an event loop."""

    def create_runs_at_once(self, runs: Sequence[Run]) -> bool:
        """``create_run`` of each run, all or none, if that needs no waiting (on a lock
        another writer holds); False, having stored nothing, when it would wait. Raises
        Conflict, having stored none, when any of them exists."""


class Orchestrator(Protocol):
    """Drives a run's steps: the local worker, or Step Functions on AWS."""

    def start(self, run: Run) -> None: ...
    def cancel(self, run: Run) -> None:
        """Best-effort stop; the run's status is changed by the service, not here."""


EXECUTION_RUNNING = "RUNNING"
EXECUTION_MISSING = "MISSING"


@dataclass(frozen=True)
class ExecutionState:
    """Where a run's current execution is: RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED,
    or MISSING (never started). ``stopped_at`` is when an ended execution ended."""

    status: str
    stopped_at: datetime | None = None


class ExecutionMonitor(Protocol):
    """Reports on a run's execution (the sweeper finds runs whose execution was lost)."""

    def execution_state(self, run: Run) -> ExecutionState: ...


class RunExecutions(Orchestrator, ExecutionMonitor, Protocol):
    """Starts and stops runs' executions and reports on them: the local worker's
    orchestrator, or Step Functions."""


class Metrics(Protocol):
    """Operational metrics: a no-op locally, CloudWatch (EMF) on AWS.

    ``unit`` is one of "Count", "Milliseconds", "None"; ``dimensions`` split the metric."""

    def emit(self, name: str, value: float, unit: str = "Count", **dimensions: str) -> None: ...


class NoMetrics:
    """Metrics that go nowhere: local mode, and services built without metrics."""

    def emit(self, name: str, value: float, unit: str = "Count", **dimensions: str) -> None:
        return None


class EventPublisher(Protocol):
    def publish_run_finished(self, run: Run) -> None:
        """Announce that the run reached a terminal status (once per run)."""


class IdempotencyKeys(Protocol):
    """One run per (organization, idempotency key): whoever claims a key first names its run."""

    def claim(self, organization_id: str, key: str, run_id: str) -> str:
        """Stores ``run_id`` for the key unless the key is taken; returns the run id it holds."""
        ...

    def release(self, organization_id: str, key: str, run_id: str) -> None:
        """Frees the key if it still holds ``run_id`` (its run could not be created)."""
        ...


@dataclass(frozen=True)
class IdempotentRequest:
    """A create request sent with an ``Idempotency-Key`` header, and its answer once known.

    ``fingerprint`` digests the route and body; ``status_code``/``body`` are None while the
    first request is still being served.
    """

    organization_id: str
    key: str
    fingerprint: str
    created_at: datetime
    expires_at: datetime
    status_code: int | None = None
    content_type: str | None = None
    body: str | None = None


class IdempotentRequests(Protocol):
    """The answers of create requests by (organization, Idempotency-Key), kept until they
    expire. Claiming is one conditional write, so of concurrent duplicates only one acts."""

    def claim(
        self, request: IdempotentRequest, *, abandoned_before: datetime | None = None
    ) -> IdempotentRequest | None:
        """Stores ``request`` unless a live one holds the key: None when the caller now
        holds it, else the one that does (answered or still in progress). Live: unexpired,
        and answered or claimed at or after ``abandoned_before`` (an unanswered claim older
        than that was left by a request that died, e.g. a timed-out function)."""
        ...

    def answer(
        self, organization_id: str, key: str, status_code: int, content_type: str, body: str
    ) -> None:
        """Records the answer of the request holding the key."""
        ...

    def release(self, organization_id: str, key: str, claimed_at: datetime | None = None) -> None:
        """Frees the key (its request failed without creating anything). With
        ``claimed_at``, only an unanswered claim made then: a request that outlived its
        claim does not free the key another request has taken over since."""
        ...


class RequestEvents(Protocol):
    def publish_request_refused(self, refusal: dict[str, Any]) -> None:
        """The "Run Request Refused" event: a run request from a source with no organization."""
        ...


class RunEvents(EventPublisher, RequestEvents, Protocol):
    """Every event Stratus announces: the local bus, or EventBridge."""


class DeadLetters(Protocol):
    def put(self, reason: str, request: Any, *, source: str | None = None) -> None:
        """Keeps a run request that cannot be served, with the reason, for an operator."""
        ...


class ArtifactStore(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...
    def get(self, key: str) -> tuple[bytes, str]:
        """The bytes and content type; raises NotFound."""

    def url_for(self, key: str) -> str:
        """A URL a client with the run's API key (local) or anyone (presigned) can fetch."""


@dataclass(frozen=True)
class StoredUpload:
    name: str  # the name the agent's upload_file action finds it by
    location: str  # where it is kept (file:// locally)
    artifact_key: str  # a copy in the artifact store, for a link back to it


class UploadedFiles(Protocol):
    """Files a client uploads for its organization's tasks to put into pages."""

    def save(self, organization_id: str, filename: str, data: bytes) -> StoredUpload:
        """Keep the file under a safe, unused name (the given one when free)."""

    def copy_to(self, organization_id: str, directory: Path) -> list[str]:
        """Copy the organization's files not yet in ``directory`` there (where a step's
        ``upload_file`` action looks); their names."""


class SecretBox(Protocol):
    """Seals secrets at rest: a local master key, or KMS."""

    def seal(self, plaintext: str) -> str: ...
    def open(self, sealed: str) -> str: ...


class Clock(Protocol):
    def now(self) -> datetime: ...


@dataclass
class StepContext:
    """What an engine gets for one step."""

    run: Run
    step: Step
    history: list[Step]
    browser: BrowserSession
    llm: LLM | None
    codes: VerificationCodes
    clock: Clock
    model: str | None  # resolved model name, None when no model is configured
    files_dir: str  # where uploads are looked up and downloads land
    settings: dict[str, Any] = field(default_factory=dict)
    # what a cold browser brought back of the page before this step (None: warm or new);
    # engines that set ``reads_page_notes`` are told, others fail the step when it was lost
    page_restore: PageRestore | None = None
    # an action a dead worker left unfinished that may have taken effect (its description);
    # engines that set ``reads_page_notes`` are told, the run fails for the others
    interrupted_action: str | None = None


class Engine(Protocol):
    async def step(self, ctx: StepContext) -> StepOutcome: ...


class ScriptStore(Protocol):
    """Learned scripts (``stratus.scripts.model.Script``), one per organization, site and goal."""

    def save(self, script: Script) -> None:
        """Insert, or replace the script with the same organization, site and goal_key."""

    def find(self, organization_id: str, site: str, goal_key: str) -> Script | None: ...

    def list(self, organization_id: str) -> builtins.list[Script]:
        """The organization's scripts, newest first."""
