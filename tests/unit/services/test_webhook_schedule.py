"""The webhook schedule: waits with jitter, Retry-After as a lower bound, the last attempt,
when a webhook is due, and the one webhook-id of a run's event."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from stratus.domain.status import RunStatus
from stratus.domain.webhook_schedule import (
    DEFAULT_RETRY_SCHEDULE_SECONDS,
    RetrySchedule,
    schedule_of,
    webhook_due_at,
    webhook_id,
)
from tests.contract.store_contract import make_run

pytestmark = pytest.mark.unit

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_the_default_spans_a_day_and_more_like_standard_webhooks():
    schedule = RetrySchedule()
    assert schedule.max_attempts == 8
    assert list(DEFAULT_RETRY_SCHEDULE_SECONDS) == [5, 300, 1800, 7200, 18000, 36000, 36000]
    assert sum(DEFAULT_RETRY_SCHEDULE_SECONDS) / 3600 > 27


def test_each_wait_is_jittered_within_a_fifth_of_the_schedule():
    schedule, rng = RetrySchedule(), random.Random(7)
    for attempt, wait in enumerate(DEFAULT_RETRY_SCHEDULE_SECONDS, start=1):
        nexts = [
            schedule.after_attempt(attempt, NOW, delivered=False, retryable=True, rng=rng)
            for _ in range(50)
        ]
        waits = {n.at - NOW for n in nexts}
        assert len(waits) > 1  # jittered
        low, high = timedelta(seconds=wait * 0.8), timedelta(seconds=wait * 1.2)
        assert all(low <= w <= high for w in waits)


def test_retry_after_lengthens_a_wait_and_never_shortens_it():
    schedule = RetrySchedule()
    later = schedule.after_attempt(1, NOW, delivered=False, retryable=True, retry_after=3600)
    assert later.at == NOW + timedelta(seconds=3600)
    sooner = schedule.after_attempt(3, NOW, delivered=False, retryable=True, retry_after=1)
    assert sooner.at >= NOW + timedelta(seconds=1800 * 0.8)


def test_sent_failed_or_pending_after_an_attempt():
    schedule = RetrySchedule((1, 1))
    assert schedule.after_attempt(1, NOW, delivered=True, retryable=False).state == "sent"
    assert schedule.after_attempt(1, NOW, delivered=False, retryable=False).state == "failed"
    assert schedule.after_attempt(2, NOW, delivered=False, retryable=True).state == "pending"
    assert schedule.after_attempt(3, NOW, delivered=False, retryable=True).state == "failed"
    assert RetrySchedule(()).after_attempt(1, NOW, delivered=False, retryable=True).state == (
        "failed"
    )


def test_due_time_follows_the_state():
    ended = make_run(status=RunStatus.completed, finished_at=NOW, webhook_state="pending")
    assert webhook_due_at(ended) == NOW  # the first attempt: at the run's end
    later = NOW + timedelta(minutes=5)
    waiting = ended.model_copy(update={"webhook_next_attempt_at": later, "webhook_attempts": 2})
    assert webhook_due_at(waiting) == later
    lapse = NOW + timedelta(seconds=40)
    claimed = waiting.model_copy(update={"webhook_state": "delivering", "lease_expires_at": lapse})
    assert webhook_due_at(claimed) == lapse
    for state in (None, "sent", "failed"):
        assert webhook_due_at(ended.model_copy(update={"webhook_state": state})) is None


def test_one_webhook_id_per_run_and_a_schedule_view():
    assert webhook_id("tsk_1") == webhook_id("tsk_1") == "msg_tsk_1"
    run = make_run(
        status=RunStatus.completed,
        webhook_state="pending",
        webhook_attempts=3,
        webhook_next_attempt_at=NOW,
    )
    view = schedule_of(run, RetrySchedule())
    assert (view.attempts_made, view.attempts_remaining, view.max_attempts) == (3, 5, 8)
    assert view.next_attempt_at == NOW and view.webhook_id == f"msg_{run.run_id}"
    done = schedule_of(run.model_copy(update={"webhook_state": "sent"}), RetrySchedule())
    assert (done.attempts_remaining, done.next_attempt_at) == (0, None)
