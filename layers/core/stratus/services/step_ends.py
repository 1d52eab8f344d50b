"""How a step can end short of its engine's answer: the run's deadline, the invocation's
time, the step limit, or a page the step began on that was not the run's own."""

from __future__ import annotations

from typing import Any

from ..domain.engine import StepOutcome
from ..domain.page_restore import PageRestore


class DeadlineReached(Exception):
    """The run's deadline passed during a step."""


class StepOutOfTime(Exception):
    """The step used the time its invocation had."""


def out_of_time(limit: float | None) -> str:
    return f"the step ran out of the {limit or 0:.3g} s its invocation had; it may be retried"


def guard_lost_page(outcome: StepOutcome, restore: PageRestore | None) -> StepOutcome:
    """A step that began on a page it could not bring back may not complete the run: what
    it read is not from a page the run reached by its own actions."""
    if restore is None or not restore.lost or outcome.decision != "complete":
        return outcome
    return outcome.model_copy(
        update={
            "decision": "continue",
            "summary": f"not completed: this step began after {restore.note}",
        }
    )


def max_steps_reason(limit: int) -> str:
    return f"Reached the maximum of {limit} steps without completing the goal"


def unheard_resume(
    restore: PageRestore | None, interrupted: dict[str, Any] | None
) -> StepOutcome | None:
    """For an engine that cannot be told about a resumed page (it does not read page
    notes): the failure when the page was lost, or when a dead worker left an action that
    may have taken effect; None when the step can go on."""
    if restore is not None and restore.lost:
        return StepOutcome(
            decision="fail",
            failure_reason=f"the run's browser page could not be brought back: {restore.lost}",
        )
    if interrupted:
        return StepOutcome(
            decision="fail",
            failure_reason=(
                f"the worker stopped {'after' if interrupted.get('done') else 'while'} "
                f"running {interrupted.get('description')} and before its step was "
                "recorded; it may already have taken effect, so the run did not repeat it"
            ),
        )
    return None
