"""What an orchestrator sends to a step and gets back (the local worker, Step Functions)."""

from __future__ import annotations

from pydantic import BaseModel

from ..domain.status import RunStatus


class StepReport(BaseModel):
    run_id: str
    status: RunStatus
    done: bool
    order: int | None = None
    busy: bool = False  # another worker holds the run


class StepInvocation(BaseModel):
    """One call of a step from an orchestrator that may call it again (Step Functions).

    ``key`` is the same for every retry of one call (the execution and the state entry);
    ``owner`` is this attempt's own (the key plus the request id), so two attempts of one
    call never hold the run at once. ``budget_seconds`` is the time this attempt may spend.
    """

    key: str
    owner: str
    budget_seconds: float | None = None
