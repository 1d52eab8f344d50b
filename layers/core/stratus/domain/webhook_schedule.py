"""The webhook delivery schedule: when a run's webhook is due, and what follows an attempt.

Pure. A webhook's schedule lives on its run (``webhook_attempts``, ``webhook_next_attempt_at``)
so it survives restarts. The first attempt goes out when the run ends; each retry waits
the next entry of the schedule (with jitter), or longer when the receiver asked for it with
``Retry-After``. After the last attempt the webhook is ``failed``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel

from .models import Run

# Standard Webhooks / Svix practice: after the first attempt, 5 s, 5 min, 30 min, 2 h, 5 h,
# 10 h, 10 h (each counted from the attempt before): 8 attempts over about 27.5 hours.
DEFAULT_RETRY_SCHEDULE_SECONDS: tuple[float, ...] = (5, 300, 1800, 7200, 18000, 36000, 36000)
# Each wait is drawn from [wait * (1 - JITTER), wait * (1 + JITTER)], so receivers coming
# back from an outage do not get every pending webhook at the same instant.
JITTER = 0.2
WAITING_STATES = frozenset({"pending", "delivering"})


def webhook_id(run_id: str) -> str:
    """The Standard Webhooks ``webhook-id`` of the run's one event ("run finished"): the same
    on every attempt and every resend, so a receiver de-duplicates on it."""
    return f"msg_{run_id}"


def webhook_due_at(run: Run) -> datetime | None:
    """When the run's webhook should next be tried; None when nothing is waiting.

    Pending: its next attempt time (the run's end for the first attempt). Delivering: when
    the deliverer's claim lapses (a deliverer that died is then replaced)."""
    if run.webhook_state == "pending":
        return run.webhook_next_attempt_at or run.finished_at or run.created_at
    if run.webhook_state == "delivering":
        return run.lease_expires_at or run.webhook_next_attempt_at or run.created_at
    return None


def is_due(run: Run, now: datetime) -> bool:
    due = webhook_due_at(run)
    return due is not None and due <= now


@dataclass(frozen=True)
class Next:
    """What follows an attempt: ``state`` is sent, failed or pending (then ``at`` is set)."""

    state: str
    at: datetime | None = None


@dataclass(frozen=True)
class RetrySchedule:
    """``waits``: seconds before attempts 2, 3, ... (each from the attempt before)."""

    waits: Sequence[float] = DEFAULT_RETRY_SCHEDULE_SECONDS
    jitter: float = JITTER

    @property
    def max_attempts(self) -> int:
        return len(self.waits) + 1

    def remaining(self, attempts_made: int) -> int:
        return max(self.max_attempts - attempts_made, 0)

    def after_attempt(
        self,
        attempt: int,
        now: datetime,
        *,
        delivered: bool,
        retryable: bool,
        retry_after: float | None = None,
        rng: random.Random | None = None,
    ) -> Next:
        """The webhook's state after attempt number ``attempt`` (1-based) ended at ``now``."""
        if delivered:
            return Next("sent")
        if not retryable or attempt >= self.max_attempts:
            return Next("failed")
        wait = self.waits[attempt - 1] * (rng or random).uniform(1 - self.jitter, 1 + self.jitter)
        if retry_after is not None:  # what the receiver asked for, at the least
            wait = max(wait, retry_after)
        return Next("pending", now + timedelta(seconds=wait))


class WebhookSchedule(BaseModel):
    """Where a run's webhook stands: shown with a resend's report and each recorded attempt."""

    webhook_id: str
    state: str | None
    attempts_made: int
    max_attempts: int
    attempts_remaining: int
    next_attempt_at: datetime | None


def schedule_of(run: Run, schedule: RetrySchedule) -> WebhookSchedule:
    waiting = run.webhook_state in WAITING_STATES
    return WebhookSchedule(
        webhook_id=webhook_id(run.run_id),
        state=run.webhook_state,
        attempts_made=run.webhook_attempts,
        max_attempts=schedule.max_attempts,
        attempts_remaining=schedule.remaining(run.webhook_attempts) if waiting else 0,
        next_attempt_at=webhook_due_at(run) if waiting else None,
    )
