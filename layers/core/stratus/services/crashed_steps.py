"""Steps a stopped worker left running: each is failed with what it was doing, and the run
counts the crash (and keeps an action that may already have taken effect)."""

from __future__ import annotations

from typing import Any

from ..domain.models import Run
from ..domain.status import StepStatus
from ..ports import Clock, RunCondition, RunStore
from .action_journal import uncertain_action


def settle_crashed_steps(store: RunStore, clock: Clock, run: Run, owner: str) -> Run | None:
    """The run after failing its interrupted steps; None when none was interrupted."""
    crashed = [s for s in store.list_steps(run.run_id) if s.status is StepStatus.running]
    if not crashed:
        return None
    uncertain = None
    for step in crashed:
        reason = "the worker stopped during this step"
        if step.pending_action:
            when = "after" if step.pending_action.get("done") else "while"
            reason += f", {when} running {step.pending_action.get('description')}"
        uncertain = uncertain_action(step) or uncertain
        store.put_step(
            step.model_copy(
                update={
                    "status": StepStatus.failed,
                    "failure_reason": reason,
                    "modified_at": clock.now(),
                }
            )
        )
    changes: dict[str, Any] = {"crash_count": run.crash_count + 1}
    if uncertain is not None:
        changes["uncertain_action"] = uncertain
    return store.update_run(run.run_id, changes, RunCondition(lease_held_by=owner)) or run
