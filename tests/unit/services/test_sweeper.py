"""The sweeper over the in-memory store: lost executions are started again or their runs
ended, waiting runs are admitted, past-due webhooks delivered, all within the time left."""

from __future__ import annotations

from datetime import timedelta

import pytest

from stratus.domain.status import RunStatus
from stratus.ports import ExecutionState
from stratus.services.admission import Caps
from stratus.services.sweeper import GRACE_SECONDS, Sweeper, decide
from tests.contract.admission_contract import T0, admission_on
from tests.contract.store_contract import make_run
from tests.fakes.executions import FakeExecutions
from tests.fakes.memory_store import InMemoryRunStore
from tests.fakes.runtime import FixedClock

pytestmark = pytest.mark.unit

LONG_AGO = T0  # the clock of admission_on stands an hour later


class RecordingWebhooks:
    def __init__(self) -> None:
        self.delivered: list[tuple[str, float | None]] = []

    async def deliver(self, run_id: str, *, budget_seconds: float | None = None) -> None:
        self.delivered.append((run_id, budget_seconds))


def build(store: InMemoryRunStore, *, caps: Caps | None = None, max_restarts: int = 2):
    executions = FakeExecutions()
    clock = FixedClock(T0 + timedelta(hours=1))
    admission, lifecycle, _, _ = admission_on(store, caps or Caps(), executions, clock)
    webhooks = RecordingWebhooks()
    sweeper = Sweeper(
        store=store,
        monitor=executions,
        admission=admission,
        lifecycle=lifecycle,
        webhooks=webhooks,
        clock=clock,
        max_restarts=max_restarts,
        page_size=10,
    )
    return sweeper, executions, webhooks, clock


def running(**fields):
    return make_run(status=RunStatus.running, created_at=LONG_AGO, modified_at=LONG_AGO, **fields)


def test_decide_covers_every_execution_state() -> None:
    now = T0
    run = running()
    assert decide(run, ExecutionState("RUNNING"), now, max_restarts=2) is None
    assert decide(run, ExecutionState("MISSING"), now, max_restarts=2).action == "start"
    assert decide(run, ExecutionState("FAILED"), now, max_restarts=2).action == "restart"
    assert decide(run, ExecutionState("SUCCEEDED"), now, max_restarts=2).action == "restart"
    given_up = decide(
        run.model_copy(update={"restarts": 2}), ExecutionState("FAILED"), now, max_restarts=2
    )
    assert (given_up.action, given_up.status) == ("finish", RunStatus.failed)
    assert "3 times" in given_up.reason
    timed_out = decide(run, ExecutionState("TIMED_OUT"), now, max_restarts=2)
    assert timed_out.status is RunStatus.timed_out
    stopped = decide(run, ExecutionState("ABORTED"), now, max_restarts=2)
    assert (stopped.status, stopped.reason) == (RunStatus.failed, "the run's execution was stopped")
    canceled = decide(
        run.model_copy(update={"cancel_requested": True}),
        ExecutionState("FAILED"),
        now,
        max_restarts=2,
    )
    assert canceled.status is RunStatus.canceled
    late = run.model_copy(update={"deadline_at": now - timedelta(seconds=1)})
    assert (
        decide(late, ExecutionState("MISSING"), now, max_restarts=2).status is RunStatus.timed_out
    )


async def test_a_failed_execution_is_restarted_under_a_new_name_once() -> None:
    store = InMemoryRunStore()
    run = running()
    store.create_run(run)
    sweeper, executions, _, _ = build(store)
    executions.states[(run.run_id, 0)] = ExecutionState("FAILED", LONG_AGO)
    report = await sweeper.sweep()
    assert report.restarted == [run.run_id]
    assert executions.started == [(run.run_id, 1)]
    assert store.get_run(run.run_id).restarts == 1
    executions.states[(run.run_id, 1)] = ExecutionState("RUNNING")
    again = await sweeper.sweep()
    assert again.restarted == [] and executions.started == [(run.run_id, 1)]


async def test_restarts_are_bounded_then_the_run_fails_with_the_reason() -> None:
    store = InMemoryRunStore()
    run = running(restarts=2)
    store.create_run(run)
    sweeper, executions, _, _ = build(store, max_restarts=2)
    executions.states[(run.run_id, 2)] = ExecutionState("FAILED", LONG_AGO)
    report = await sweeper.sweep()
    assert report.ended == [run.run_id] and executions.started == []
    ended = store.get_run(run.run_id)
    assert ended.status is RunStatus.failed
    assert "without ending the run 3 times" in ended.failure_reason


async def test_a_never_started_run_is_started_and_fresh_or_waiting_runs_are_left() -> None:
    store = InMemoryRunStore()
    lost = make_run(status=RunStatus.queued, created_at=LONG_AGO, modified_at=LONG_AGO)
    sweeper, executions, _, clock = build(store, caps=Caps(total=5))
    fresh = make_run(status=RunStatus.queued, created_at=clock.now(), modified_at=clock.now())
    for run in (lost, fresh):
        store.create_run(run)
    report = await sweeper.sweep()
    assert report.started == [lost.run_id]
    assert executions.started == [(lost.run_id, 0)]  # the same name: StartExecution is idempotent


async def test_an_execution_that_just_ended_is_left_to_finalize() -> None:
    store = InMemoryRunStore()
    run = running()
    store.create_run(run)
    sweeper, executions, _, clock = build(store)
    just_now = clock.now() - timedelta(seconds=GRACE_SECONDS / 2)
    executions.states[(run.run_id, 0)] = ExecutionState("FAILED", just_now)
    report = await sweeper.sweep()
    assert report.restarted == [] and report.ended == []


async def test_waiting_runs_that_fit_are_admitted() -> None:
    store = InMemoryRunStore()
    runs = [
        make_run(status=RunStatus.queued, awaiting_admission=True, created_at=T0 + timedelta(i))
        for i in range(3)
    ]
    for run in runs:
        store.create_run(run)
    sweeper, executions, _, _ = build(store, caps=Caps(total=2))
    report = await sweeper.sweep()
    assert report.admitted == [runs[0].run_id, runs[1].run_id]
    assert executions.started_ids() == [runs[0].run_id, runs[1].run_id]


async def test_past_due_webhooks_are_delivered_and_fresh_ones_left() -> None:
    store = InMemoryRunStore()
    sweeper, _, webhooks, clock = build(store)
    now = clock.now()
    old = make_run(status=RunStatus.completed, finished_at=LONG_AGO, webhook_state="pending")
    fresh = make_run(status=RunStatus.completed, finished_at=now, webhook_state="pending")
    lapsed = make_run(
        status=RunStatus.failed,
        finished_at=LONG_AGO,
        webhook_state="delivering",
        lease_owner="gone",
        lease_expires_at=now - timedelta(seconds=1),
    )
    held = make_run(
        status=RunStatus.failed,
        finished_at=LONG_AGO,
        webhook_state="delivering",
        lease_owner="busy",
        lease_expires_at=now + timedelta(seconds=30),
    )
    for run in (old, fresh, lapsed, held):
        store.create_run(run)
    report = await sweeper.sweep(lambda: 100.0)
    assert sorted(report.webhooks) == sorted([old.run_id, lapsed.run_id])
    assert all(budget == 90.0 for _, budget in webhooks.delivered)  # the time left, less margin


async def test_retries_are_delivered_when_their_time_on_the_schedule_comes() -> None:
    """A retry is due at its next attempt time, grace or not; one not due yet is left."""
    store = InMemoryRunStore()
    sweeper, _, webhooks, clock = build(store)
    now = clock.now()

    def retry_at(at):
        run = make_run(
            status=RunStatus.completed,
            finished_at=now - timedelta(seconds=10),
            webhook_state="pending",
            webhook_attempts=1,
            webhook_next_attempt_at=at,
        )
        store.create_run(run)
        return run

    due = retry_at(now - timedelta(seconds=1))
    retry_at(now + timedelta(minutes=5))
    report = await sweeper.sweep(lambda: 100.0)
    assert report.webhooks == [due.run_id]
    assert [run_id for run_id, _ in webhooks.delivered] == [due.run_id]


async def test_nothing_is_done_without_time_left() -> None:
    store = InMemoryRunStore()
    store.create_run(running())
    store.create_run(
        make_run(status=RunStatus.completed, finished_at=LONG_AGO, webhook_state="pending")
    )
    sweeper, executions, webhooks, _ = build(store)
    report = await sweeper.sweep(lambda: 5.0)
    assert report.out_of_time is True
    assert executions.started == [] and webhooks.delivered == [] and report.admitted == []
