"""Status changes of a run. Every change is a conditional write that follows the legal
transitions; the terminal write is the single point that announces "run finished"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..domain.models import Run
from ..domain.status import RunStatus, sources_for
from ..ports import Clock, EventPublisher, Metrics, NoMetrics, Orchestrator, RunCondition, RunStore
from .errors import InvalidState, RunNotFound

_UNSET: Any = object()
NOT_STARTED_RUN_STATUSES = frozenset({RunStatus.created, RunStatus.queued})


class RunLifecycle:
    def __init__(
        self,
        store: RunStore,
        events: EventPublisher,
        orchestrator: Orchestrator | None,
        clock: Clock,
        metrics: Metrics | None = None,
    ) -> None:
        self._store = store
        self._events = events
        self.orchestrator = orchestrator
        self._clock = clock
        self._metrics = metrics or NoMetrics()
        # called with each run this lifecycle ended (e.g. admission of waiting runs)
        self.after_finish: list[Callable[[Run], None]] = []

    def finish(
        self,
        run_id: str,
        status: RunStatus,
        *,
        failure_reason: str | None = None,
        output: Any = _UNSET,
        errors: list[dict[str, Any]] | None = None,
        summary: str | None = None,
        extra: dict[str, Any] | None = None,
        from_statuses: frozenset[RunStatus] | None = None,
    ) -> Run | None:
        """Move the run to a terminal status once. None when it was already terminal (or,
        with ``from_statuses``, when it was no longer in one of them)."""
        if not status.is_terminal:
            raise ValueError(f"{status} is not a terminal status")
        run = self._store.get_run(run_id)
        if run is None:
            raise RunNotFound(run_id)
        if run.is_terminal:
            return None
        now = self._clock.now()
        changes: dict[str, Any] = {
            "status": status,
            "finished_at": now,
            "modified_at": now,
            "lease_owner": None,
            "lease_expires_at": None,
            "webhook_state": "pending" if run.webhook_url else None,
        }
        if failure_reason is not None:
            changes["failure_reason"] = failure_reason
        if output is not _UNSET:
            changes["output"] = output
        if errors is not None:
            changes["errors"] = errors
        if summary is not None:
            changes["summary"] = summary
        if extra:
            changes.update(extra)
        sources = sources_for(status) if from_statuses is None else from_statuses
        updated = self._store.update_run(run_id, changes, RunCondition(status_in=sources))
        if updated is not None:
            self._metrics.emit("RunsFinished", 1, status=updated.status.value)
            self._announce(updated)
            for hook in self.after_finish:
                hook(updated)
        return updated

    def announce_if_unannounced(self, run_id: str) -> bool:
        """Publish "run finished" for a finished run whose announcement was lost (the
        publish failed, or the process died, after the final write). True when published."""
        run = self._store.get_run(run_id)
        if run is None or not run.is_terminal or run.finished_announced:
            return False
        self._announce(run)
        return True

    def _announce(self, run: Run) -> None:
        self._events.publish_run_finished(run)
        self._store.update_run(
            run.run_id,
            {"finished_announced": True},
            RunCondition(status_in=frozenset({run.status})),
        )

    def cancel(self, run: Run) -> Run:
        """Cancel now when not yet running; otherwise before the worker's next browser action.

        The run read by the caller may be stale: a worker may have claimed it meanwhile. The
        terminal write holds only while the run is still created or queued; a run a worker
        has claimed is flagged instead, and the worker checks the flag before it acts."""
        if run.is_terminal:
            raise InvalidState(
                f"run {run.run_id} is already {run.status.value}; only created, queued or "
                "running runs can be canceled"
            )
        if run.status in (RunStatus.created, RunStatus.queued):
            finished = self.finish(
                run.run_id, RunStatus.canceled, from_statuses=NOT_STARTED_RUN_STATUSES
            )
            if finished is not None:
                self._stop(finished)
                return finished
        now = self._clock.now()
        flagged = self._store.update_run(
            run.run_id,
            {"cancel_requested": True, "modified_at": now},
            RunCondition(status_in=frozenset({RunStatus.running})),
        )
        current = flagged or self._store.get_run(run.run_id)
        if current is None:
            raise RunNotFound(run.run_id)
        if current.is_terminal and flagged is None and current.status is not RunStatus.canceled:
            raise InvalidState(f"run {run.run_id} finished ({current.status.value}) meanwhile")
        self._stop(current)
        return current

    def _stop(self, run: Run) -> None:
        if self.orchestrator is not None:
            self.orchestrator.cancel(run)
