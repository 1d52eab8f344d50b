"""The sweeper: what the local worker's scan does, for a deployment whose runs are driven
by executions (Step Functions) and whose webhooks go out on events.

Each sweep, bounded by a page size and by the time the caller has left:
1. active runs whose execution is lost (never started, or ended without ending the run)
   are started again (a new execution) while they can still go on, or ended with a reason;
2. runs waiting for admission that now fit are started;
3. webhooks that are due are tried: a first attempt never made long after the run ended,
   a retry whose time on the schedule has come, or an attempt whose deliverer's claim
   lapsed.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from ..domain.models import Run
from ..domain.status import ACTIVE_RUN_STATUSES, RunStatus
from ..domain.webhook_schedule import is_due
from ..ports import (
    EXECUTION_MISSING,
    EXECUTION_RUNNING,
    Clock,
    ExecutionMonitor,
    ExecutionState,
    Orchestrator,
    RunCondition,
    RunStore,
)

log = logging.getLogger(__name__)

ACTIVE = ACTIVE_RUN_STATUSES
# Left to the usual path first: a run just created is being started by the API, an
# execution that just ended is being finalized by its status-change rule, a webhook of a
# run that just ended is being delivered by the webhook function.
GRACE_SECONDS = 120.0
# Kept back from the caller's deadline for the last write and the reply.
MARGIN_SECONDS = 10.0


class RunExecutions(Orchestrator, ExecutionMonitor, Protocol):
    """Starts runs' executions and reports on them (Step Functions)."""


class Finisher(Protocol):
    def finish(
        self, run_id: str, status: RunStatus, *, failure_reason: str | None = None
    ) -> Run | None: ...


class Admitter(Protocol):
    def admit_waiting(self) -> list[str]: ...


class WebhookDeliverer(Protocol):
    async def deliver(self, run_id: str, *, budget_seconds: float | None = None) -> None: ...


@dataclass(frozen=True)
class Decision:
    """What to do with an active run whose execution is not running."""

    action: str  # "start" (the current execution never started), "restart", "finish"
    status: RunStatus | None = None
    reason: str | None = None


def decide(run: Run, state: ExecutionState, now: datetime, *, max_restarts: int) -> Decision | None:
    """None when the run's execution is running; else start, restart or end the run."""
    if state.status == EXECUTION_RUNNING:
        return None
    if run.cancel_requested:
        return Decision("finish", RunStatus.canceled)
    if run.deadline_at is not None and now >= run.deadline_at:
        return Decision("finish", RunStatus.timed_out, "the run did not finish before its deadline")
    if state.status == EXECUTION_MISSING:
        return Decision("start")
    if state.status == "TIMED_OUT":
        return Decision("finish", RunStatus.timed_out, "the run's execution timed out")
    if state.status == "ABORTED":
        return Decision("finish", RunStatus.failed, "the run's execution was stopped")
    if run.restarts >= max_restarts:
        return Decision(
            "finish",
            RunStatus.failed,
            f"the run's execution ended ({state.status}) without ending the run "
            f"{run.restarts + 1} times; giving up",
        )
    return Decision("restart")


def webhook_due(run: Run, now: datetime, grace: timedelta) -> bool:
    """Due on its schedule; a first attempt is left to the webhook function for ``grace``."""
    if not is_due(run, now):
        return False
    first = run.webhook_state == "pending" and run.webhook_attempts == 0
    return not first or run.finished_at is None or now - run.finished_at >= grace


@dataclass
class SweepReport:
    started: list[str] = field(default_factory=list)
    restarted: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    admitted: list[str] = field(default_factory=list)
    webhooks: list[str] = field(default_factory=list)
    out_of_time: bool = False


class Sweeper:
    def __init__(
        self,
        *,
        store: RunStore,
        monitor: RunExecutions,
        admission: Admitter,
        lifecycle: Finisher,
        webhooks: WebhookDeliverer,
        clock: Clock,
        max_restarts: int = 3,
        page_size: int = 50,
        grace_seconds: float = GRACE_SECONDS,
    ) -> None:
        self._store = store
        self._executions = monitor
        self._admission = admission
        self._lifecycle = lifecycle
        self._webhooks = webhooks
        self._clock = clock
        self._max_restarts = max_restarts
        self._page_size = page_size
        self._grace = timedelta(seconds=grace_seconds)

    async def sweep(self, remaining: Callable[[], float] = lambda: math.inf) -> SweepReport:
        """One bounded pass; ``remaining`` is the caller's time left in seconds."""
        report = SweepReport()

        def time_left() -> float:
            left = remaining() - MARGIN_SECONDS
            report.out_of_time = report.out_of_time or left <= 0
            return left

        self._recover_runs(report, time_left)
        if time_left() > 0:
            report.admitted = self._admission.admit_waiting()
        await self._deliver_webhooks(report, time_left)
        return report

    # -- runs whose execution was lost --------------------------------------------------
    def _recover_runs(self, report: SweepReport, time_left: Callable[[], float]) -> None:
        for run in self._store.list_active_runs(limit=self._page_size):
            if time_left() <= 0:
                return
            now = self._clock.now()
            if run.awaiting_admission or now - run.modified_at < self._grace:
                continue
            try:
                self._recover(run, now, report)
            except Exception:  # one run's trouble must not stop the sweep
                log.exception("recovering run %s failed", run.run_id)

    def _recover(self, run: Run, now: datetime, report: SweepReport) -> None:
        state = self._executions.execution_state(run)
        if state.stopped_at is not None and now - state.stopped_at < self._grace:
            return
        decision = decide(run, state, now, max_restarts=self._max_restarts)
        if decision is None:
            return
        if decision.action == "finish":
            assert decision.status is not None
            ended = self._lifecycle.finish(
                run.run_id, decision.status, failure_reason=decision.reason
            )
            if ended is not None:
                log.warning("ended run %s: %s", run.run_id, decision.reason or decision.status)
                report.ended.append(run.run_id)
            return
        if decision.action == "restart":
            bumped = self._store.update_run(
                run.run_id,
                {"restarts": run.restarts + 1, "modified_at": now},
                RunCondition(status_in=ACTIVE, restarts_is=run.restarts),
            )
            if bumped is None:
                return  # ended, or restarted by another sweeper, meanwhile
            self._executions.start(bumped)
            log.warning("restarted run %s (execution %s ended)", run.run_id, state.status)
            report.restarted.append(run.run_id)
            return
        self._executions.start(run)  # idempotent: the execution's name is the run's
        log.warning("started run %s, whose execution had never started", run.run_id)
        report.started.append(run.run_id)

    # -- webhooks due ----------------------------------------------------------------
    async def _deliver_webhooks(self, report: SweepReport, time_left: Callable[[], float]) -> None:
        due = self._store.list_pending_webhook_run_ids(
            due_by=self._clock.now(), limit=self._page_size
        )
        for run_id in due:
            budget = time_left()
            if budget <= 0:
                return
            run = self._store.get_run(run_id)
            if run is None or not webhook_due(run, self._clock.now(), self._grace):
                continue
            try:
                await self._webhooks.deliver(run_id, budget_seconds=budget)
            except Exception:  # logged; the webhook stays due for the next sweep
                log.exception("webhook delivery for %s failed", run_id)
                continue
            report.webhooks.append(run_id)
