"""Run one step of a run: the loop body shared by the local worker and the AWS step Lambda.

Each call claims the run's lease, settles crashes, cancel, deadline and step limit at the
step boundary, asks the engine for one step, stores what came of it, and finishes the run
when it reached an end. Calling it on a finished run is harmless.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from ..config import Settings
from ..domain.engine import StepOutcome
from ..domain.ids import new_id
from ..domain.models import Run, Step
from ..domain.page_restore import PageRestore
from ..domain.status import ACTIVE_RUN_STATUSES, RunStatus, StepStatus
from ..ports import (
    LLM,
    ArtifactStore,
    BrowserProvider,
    Clock,
    Metrics,
    RunCondition,
    RunStore,
    StepContext,
    UploadedFiles,
    VerificationCodes,
)
from .action_journal import ActionJournal, RunCanceled, stop_if_canceled
from .crashed_steps import settle_crashed_steps
from .egress_refusals import take_refusals, with_refusals
from .engines import EngineRegistry
from .lease_heartbeat import LeaseHeartbeat, LeaseNotRenewed
from .lifecycle import RunLifecycle
from .output_promise import hold_to_schema
from .start_url import StartUrlUnreachable, describe_error, open_start_url
from .step_calls import StepInvocation, StepReport
from .step_ends import (
    DeadlineReached,
    StepOutOfTime,
    guard_lost_page,
    max_steps_reason,
    out_of_time,
    unheard_resume,
)
from .step_recording import record_outcome

log = logging.getLogger(__name__)


MAX_STEP_RETRIES = 2


class ExecutionService:
    def __init__(
        self,
        *,
        store: RunStore,
        lifecycle: RunLifecycle,
        engines: EngineRegistry,
        browser: BrowserProvider,
        llm: LLM | None,
        codes: VerificationCodes,
        artifacts: ArtifactStore,
        clock: Clock,
        settings: Settings,
        owner: str,
        on_completed: Callable[[Run, list[Step]], Awaitable[object]] | None = None,
        metrics: Metrics | None = None,
        uploads: UploadedFiles | None = None,
    ) -> None:
        self._store = store
        self._lifecycle = lifecycle
        self._engines = engines
        self._browser = browser
        self._llm = llm
        self._codes = codes
        self._artifacts = artifacts
        self._clock = clock
        self._settings = settings
        self._owner = owner
        self._on_completed = on_completed  # async (run, steps) -> None, e.g. script recording
        self._metrics = metrics
        self._uploads = uploads  # copied into the files folder first (when it is not theirs)

    async def run_step(self, run_id: str, invocation: StepInvocation | None = None) -> StepReport:
        """One step of the run. With an ``invocation``, a repeated call returns the report
        it recorded instead of acting again, and the lease is let go when the step ends so
        the next call (maybe in another process) claims the run at once."""
        if invocation is None:
            return await self._run_step(run_id, self._owner, None)
        current = self._store.get_run(run_id)
        if current is None:
            raise LookupError(f"no run {run_id}")
        last = current.last_invocation or {}
        if last.get("key") == invocation.key and "report" in last:
            return StepReport.model_validate(last["report"])
        report = await self._run_step(run_id, invocation.owner, invocation.budget_seconds)
        if report.busy:
            return report
        self._store.update_run(
            run_id,
            {
                "last_invocation": {
                    "key": invocation.key,
                    "report": report.model_dump(mode="json"),
                },
                "lease_owner": None,
                "lease_expires_at": None,
            },
            RunCondition(lease_held_by=invocation.owner),
        )
        return report

    async def _run_step(self, run_id: str, owner: str, budget: float | None) -> StepReport:
        run = self._claim(run_id, owner)
        if run is None:
            current = self._store.get_run(run_id)
            if current is None:
                raise LookupError(f"no run {run_id}")
            if current.is_terminal:
                await self._browser.release(run_id, final=True)
            return StepReport(
                run_id=run_id,
                status=current.status,
                done=current.is_terminal,
                busy=not current.is_terminal,
            )
        ended = self._settle_boundary(run, owner)
        if ended is not None:
            await self._browser.release(run_id, final=True)
            return StepReport(run_id=run_id, status=ended.status, done=True)
        run = self._store.get_run(run_id) or run  # as settling left it (crash count, notes)
        return await self._step(run, owner, budget)

    # -- claiming and boundary checks -------------------------------------------------
    def _claim(self, run_id: str, owner: str) -> Run | None:
        now = self._clock.now()
        current = self._store.get_run(run_id)
        if current is None or current.is_terminal:
            return None
        changes: dict[str, Any] = {
            "status": RunStatus.running,
            "lease_owner": owner,
            "lease_expires_at": now + timedelta(seconds=self._settings.lease_seconds),
            "modified_at": now,
        }
        if current.started_at is None:
            changes["started_at"] = now
        if current.deadline_at is None:
            changes["deadline_at"] = now + timedelta(seconds=self._settings.run_timeout_seconds)
        return self._store.update_run(
            run_id,
            changes,
            RunCondition(status_in=ACTIVE_RUN_STATUSES, lease_claimable_by=(owner, now)),
        )

    def _settle_boundary(self, run: Run, owner: str) -> Run | None:
        """End the run here if it must end before another step; else None."""
        crashed = settle_crashed_steps(self._store, self._clock, run, owner)
        if crashed is not None:
            run = crashed
            if run.crash_count >= self._settings.max_crashes:
                return self._finish(
                    run,
                    RunStatus.failed,
                    f"the worker stopped during a step {run.crash_count} times; giving up",
                )
        if run.cancel_requested:
            return self._finish(run, RunStatus.canceled, None)
        if run.deadline_at is not None and self._clock.now() >= run.deadline_at:
            return self._timed_out(run)
        if run.step_count >= run.max_steps:
            return self._finish(run, RunStatus.failed, max_steps_reason(run.max_steps))
        return None

    def _timed_out(self, run: Run) -> Run:
        seconds = self._settings.run_timeout_seconds
        return self._finish(
            run, RunStatus.timed_out, f"the run did not finish within {seconds:g} seconds"
        )

    def _finish(self, run: Run, status: RunStatus, reason: str | None, **fields: Any) -> Run:
        finished = self._lifecycle.finish(run.run_id, status, failure_reason=reason, **fields)
        return finished or self._store.get_run(run.run_id) or run

    # -- one step ---------------------------------------------------------------------
    async def _step(self, run: Run, owner: str, budget: float | None) -> StepReport:
        history = self._store.list_steps(run.run_id)
        retries = sum(1 for s in history if s.order == run.step_count)
        step = Step(
            step_id=new_id("stp"),
            run_id=run.run_id,
            organization_id=run.organization_id,
            order=run.step_count,
            retry_index=retries,
            status=StepStatus.running,
            created_at=self._clock.now(),
            modified_at=self._clock.now(),
        )
        self._store.put_step(step)
        lease = LeaseHeartbeat(
            self._store, self._clock, run.run_id, owner, self._settings.lease_seconds
        )
        try:
            async with lease:
                outcome = await self._run_engine(run, step, history, budget)
        except LeaseNotRenewed as exc:
            self._crashed(run, step, exc)
            outcome = None
        except RunCanceled:
            return await self._canceled_mid_step(run, step)
        except DeadlineReached:
            self._store.put_step(
                step.model_copy(
                    update={"status": StepStatus.failed, "failure_reason": "run deadline reached"}
                )
            )
            finished = self._timed_out(run)
            await self._browser.release(run.run_id, final=True)
            return StepReport(
                run_id=run.run_id, status=finished.status, done=True, order=step.order
            )
        if outcome is None:  # the step itself crashed
            return await self._after_crashed_step(run, step, retries)
        run = record_outcome(
            store=self._store,
            artifacts=self._artifacts,
            clock=self._clock,
            run=run,
            step=step,
            outcome=outcome,
            owner=owner,
            metrics=self._metrics,
        )
        return await self._decide(run, step, outcome)

    async def _run_engine(
        self, run: Run, step: Step, history: list[Step], budget: float | None
    ) -> StepOutcome | None:
        until_deadline = (
            (run.deadline_at - self._clock.now()).total_seconds() if run.deadline_at else None
        )
        limits = [t for t in (until_deadline, budget) if t is not None]
        limit = min(limits) if limits else None
        deadline_binds = until_deadline is not None and limit == until_deadline
        try:
            async with asyncio.timeout(limit) as timer:
                prepared = await self._prepare(run, step, history)
                if isinstance(prepared, StepOutcome):
                    return prepared
                engine, ctx = prepared
                # opening the browser and the start URL may be slow: a cancel that came
                # meanwhile is honoured before the engine acts on the page
                stop_if_canceled(self._store, run.run_id)
                outcome = with_refusals(self._browser, run, await engine.step(ctx))
                return guard_lost_page(outcome, ctx.page_restore)
        except TimeoutError as exc:
            if not timer.expired():
                self._crashed(run, step, exc)
                return None
            if deadline_binds:
                raise DeadlineReached from exc
            self._crashed(run, step, StepOutOfTime(out_of_time(limit)))
            return None
        except RunCanceled:
            raise
        except Exception as exc:  # an engine or browser crash fails the step, not the worker
            self._crashed(run, step, exc)
            return None

    async def _prepare(
        self, run: Run, step: Step, history: list[Step]
    ) -> tuple[Any, StepContext] | StepOutcome:
        """The browser (reopened if it must be) and the engine's context for this step."""
        files_dir = self._settings.data_dir / "files" / run.organization_id
        files_dir.mkdir(parents=True, exist_ok=True)
        if self._uploads is not None:
            await asyncio.to_thread(self._uploads.copy_to, run.organization_id, files_dir)
        session = await self._browser.session_for(run)
        take_restore = getattr(session, "take_restore", None)
        restore: PageRestore | None = take_restore() if take_restore else None
        if restore is not None:
            step.page_restore = restore.note  # kept by every later write of this step
            self._store.put_step(step)
        engine = self._engines.engine_for(run)
        reads_notes = getattr(engine, "reads_page_notes", False)
        interrupted = run.uncertain_action
        if not reads_notes and (refused := unheard_resume(restore, interrupted)) is not None:
            return refused
        if hasattr(session, "journal"):
            session.journal = ActionJournal(self._store, step, self._clock)
        try:
            await open_start_url(run, session)
        except StartUrlUnreachable as exc:
            blocked = dict.fromkeys(take_refusals(self._browser, run))
            raise StartUrlUnreachable("; ".join([str(exc), *blocked])) from exc
        ctx = StepContext(
            run=run,
            step=step,
            history=[s for s in history if s.status is StepStatus.completed],
            browser=session,
            llm=self._llm,
            codes=self._codes,
            clock=self._clock,
            model=self._engines.model_for(run),
            files_dir=str(files_dir),
            settings={
                "screenshots_in_prompt": self._settings.screenshots_in_prompt,
                "llm_timeout_seconds": self._settings.llm_timeout_seconds,
                "totp_timeout_seconds": self._settings.totp_timeout_seconds,
            },
            page_restore=restore,
            interrupted_action=interrupted.get("description") if interrupted else None,
        )
        return engine, ctx

    def _crashed(self, run: Run, step: Step, exc: Exception) -> None:
        """An engine or browser crash fails the step (retried), not the worker."""
        log.exception("step %s of run %s crashed", step.order, run.run_id, exc_info=exc)
        self._store.put_step(
            step.model_copy(
                update={
                    "status": StepStatus.failed,
                    "failure_reason": "; ".join(
                        dict.fromkeys([describe_error(exc), *take_refusals(self._browser, run)])
                    ),
                    "modified_at": self._clock.now(),
                }
            )
        )

    async def _canceled_mid_step(self, run: Run, step: Step) -> StepReport:
        """The run was canceled during the step: no further action ran; end it canceled."""
        self._store.put_step(
            step.model_copy(
                update={
                    "status": StepStatus.canceled,
                    "failure_reason": "the run was canceled",
                    "pending_action": None,
                    "modified_at": self._clock.now(),
                }
            )
        )
        finished = self._finish(run, RunStatus.canceled, None)
        await self._browser.release(run.run_id, final=True)
        return StepReport(run_id=run.run_id, status=finished.status, done=True, order=step.order)

    async def _after_crashed_step(self, run: Run, step: Step, retries: int) -> StepReport:
        if retries >= MAX_STEP_RETRIES:
            latest = self._store.list_steps(run.run_id)[-1]
            finished = self._finish(
                run,
                RunStatus.failed,
                f"step {step.order + 1} failed {retries + 1} times; last error: "
                f"{latest.failure_reason}",
            )
            await self._browser.release(run.run_id, final=True)
            return StepReport(
                run_id=run.run_id, status=finished.status, done=True, order=step.order
            )
        return StepReport(run_id=run.run_id, status=RunStatus.running, done=False, order=step.order)

    async def _decide(self, run: Run, step: Step, outcome: StepOutcome) -> StepReport:
        outcome = hold_to_schema(run.spec, run.output, outcome)
        finished: Run | None = None
        if outcome.decision == "complete":
            finished = self._finish(run, RunStatus.completed, None, summary=outcome.summary)
            if finished.status is RunStatus.completed and self._on_completed is not None:
                try:
                    await self._on_completed(finished, self._store.list_steps(run.run_id))
                except Exception:  # the run is done; a script is a bonus
                    log.exception("recording a script for %s failed", run.run_id)
        elif outcome.decision == "terminate":
            reason = outcome.failure_reason or "the agent decided the goal cannot be reached"
            finished = self._finish(run, RunStatus.terminated, reason, errors=outcome.errors)
        elif outcome.decision == "fail":
            finished = self._finish(
                run, RunStatus.failed, outcome.failure_reason or "the step failed"
            )
        else:
            current = self._store.get_run(run.run_id) or run
            if current.cancel_requested:
                finished = self._finish(current, RunStatus.canceled, None)
            elif current.step_count >= current.max_steps:
                finished = self._finish(current, RunStatus.failed, max_steps_reason(run.max_steps))
        if finished is not None:
            await self._browser.release(run.run_id, final=True)
            return StepReport(
                run_id=run.run_id, status=finished.status, done=True, order=step.order
            )
        await self._browser.release(run.run_id, final=False)
        return StepReport(run_id=run.run_id, status=RunStatus.running, done=False, order=step.order)
