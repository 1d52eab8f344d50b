"""How a step can end short of its engine's answer: the run's deadline, the invocation's
time, the step limit, or a page the step began on that was not the run's own."""

from __future__ import annotations

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
