"""Requests the browser's egress proxy refused during a step, told on the step's record."""

from __future__ import annotations

from typing import Any

from ..domain.engine import StepOutcome
from ..domain.models import ActionRecord, Run


def take_refusals(browser: Any, run: Run) -> list[str]:
    """The refusals since the last take (a browser without a proxy has none)."""
    take = getattr(browser, "take_refusals", None)
    return take(run) if take is not None else []


def with_refusals(browser: Any, run: Run, outcome: StepOutcome) -> StepOutcome:
    """Requests the browser was refused during the step join its actions, failed, so the
    step record shows them and the agent reads them in its history."""
    blocked = [
        ActionRecord(action_type="blocked_request", success=False, error=reason)
        for reason in dict.fromkeys(take_refusals(browser, run))
    ]
    if not blocked:
        return outcome
    return outcome.model_copy(update={"actions": [*outcome.actions, *blocked]})
