"""Pure evaluation of a run condition: one meaning for every store adapter."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..ports import RunCondition
    from .models import Run


def condition_holds(run: Run, condition: RunCondition | None) -> bool:
    if condition is None:
        return True
    if condition.status_in is not None and run.status not in condition.status_in:
        return False
    if condition.lease_claimable_by is not None:
        owner, now = condition.lease_claimable_by
        free = (
            run.lease_owner is None
            or run.lease_owner == owner
            or (run.lease_expires_at is not None and run.lease_expires_at < now)
        )
        if not free:
            return False
    if condition.lease_held_by is not None and run.lease_owner != condition.lease_held_by:
        return False
    if (
        condition.webhook_state_in is not None
        and run.webhook_state not in condition.webhook_state_in
    ):
        return False
    if condition.webhook_claimable_at is not None:
        now = condition.webhook_claimable_at
        due = run.webhook_next_attempt_at
        pending = run.webhook_state == "pending" and (due is None or due <= now)
        stale = (
            run.webhook_state == "delivering"
            and run.lease_expires_at is not None
            and run.lease_expires_at < now
        )
        if not (pending or stale):
            return False
    if (
        condition.awaiting_admission is not None
        and run.awaiting_admission != condition.awaiting_admission
    ):
        return False
    if condition.webhook_attempts_is is not None and (
        run.webhook_attempts != condition.webhook_attempts_is
    ):
        return False
    return condition.restarts_is is None or run.restarts == condition.restarts_is
