"""Admission over a real store: every RunStore adapter subclasses AdmissionContract (with a
``store`` fixture) so the caps, the oldest-first order and the once-only start hold on it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from stratus.domain.status import RunStatus
from stratus.ports import RunCondition
from stratus.services.admission import Admission, Caps
from stratus.services.lifecycle import RunLifecycle
from tests.contract.store_contract import make_run
from tests.fakes.executions import FakeExecutions
from tests.fakes.metrics import RecordingMetrics
from tests.fakes.runtime import FixedClock

T0 = datetime(2026, 1, 1, tzinfo=UTC)


class NoEvents:
    def publish_run_finished(self, run) -> None:
        return None


def waiting(org: str, minute: int, **fields):
    return make_run(
        org=org,
        status=RunStatus.queued,
        awaiting_admission=True,
        created_at=T0 + timedelta(minutes=minute),
        **fields,
    )


def admission_on(
    store, caps: Caps, executions: FakeExecutions | None = None, clock: FixedClock | None = None
):
    """Admission and a lifecycle on ``store``; the clock stands an hour after T0."""
    clock = clock or FixedClock(T0 + timedelta(hours=1))
    executions = executions or FakeExecutions()
    metrics = RecordingMetrics()
    lifecycle = RunLifecycle(store, NoEvents(), executions, clock, metrics)
    admission = Admission(
        store=store,
        orchestrator=executions,
        lifecycle=lifecycle,
        clock=clock,
        caps=caps,
        metrics=metrics,
    )
    lifecycle.after_finish.append(admission.after_finish)
    return admission, lifecycle, executions, metrics


class AdmissionContract:
    def test_active_runs_oldest_first_with_their_flags(self, store) -> None:
        later = waiting("o_a", 2)
        earlier = make_run(org="o_a", status=RunStatus.running, created_at=T0)
        done = make_run(org="o_a", status=RunStatus.completed, created_at=T0)
        for run in (later, earlier, done):
            store.create_run(run)
        active = store.list_active_runs()
        assert [r.run_id for r in active] == [earlier.run_id, later.run_id]
        assert [r.awaiting_admission for r in active] == [False, True]
        assert [r.run_id for r in store.list_active_runs(limit=1)] == [earlier.run_id]

    def test_the_admission_flag_is_a_condition(self, store) -> None:
        run = waiting("o_a", 0)
        store.create_run(run)
        claim = RunCondition(status_in=frozenset({RunStatus.queued}), awaiting_admission=True)
        first = store.update_run(run.run_id, {"awaiting_admission": False}, claim)
        second = store.update_run(run.run_id, {"awaiting_admission": False}, claim)
        assert first is not None and first.awaiting_admission is False
        assert second is None  # a second admitter does not start it again

    def test_the_restart_count_is_a_condition(self, store) -> None:
        run = make_run(status=RunStatus.running)
        store.create_run(run)
        assert store.update_run(run.run_id, {"restarts": 1}, RunCondition(restarts_is=0))
        assert store.update_run(run.run_id, {"restarts": 2}, RunCondition(restarts_is=0)) is None
        assert store.get_run(run.run_id).restarts == 1

    def test_caps_admit_the_oldest_runs_that_fit(self, store) -> None:
        runs = [waiting("o_a", 0), waiting("o_a", 1), waiting("o_b", 2), waiting("o_a", 3)]
        for run in runs:
            store.create_run(run)
        admission, _, executions, metrics = admission_on(store, Caps(per_organization=1, total=3))
        assert admission.admit_waiting() == [runs[0].run_id, runs[2].run_id]
        assert executions.started_ids() == [runs[0].run_id, runs[2].run_id]
        assert store.get_run(runs[1].run_id).awaiting_admission is True
        assert len(metrics.named("RunsStarted")) == 2
        assert admission.admit_waiting() == []  # nothing more fits, nothing starts twice
        assert executions.started_ids() == [runs[0].run_id, runs[2].run_id]

    def test_a_finished_run_lets_the_next_one_in(self, store) -> None:
        first, second = waiting("o_a", 0), waiting("o_a", 1)
        store.create_run(first)
        store.create_run(second)
        admission, lifecycle, executions, metrics = admission_on(store, Caps(total=1))
        admission.admit_waiting()
        assert executions.started_ids() == [first.run_id]
        lifecycle.finish(first.run_id, RunStatus.completed)
        assert executions.started_ids() == [first.run_id, second.run_id]
        assert store.get_run(second.run_id).awaiting_admission is False
        assert metrics.named("RunsFinished") == [(1, {"status": "completed"})]

    def test_a_run_that_cannot_start_ends_failed_and_frees_its_place(self, store) -> None:
        first, second = waiting("o_a", 0), waiting("o_a", 1)
        store.create_run(first)
        store.create_run(second)
        executions = FakeExecutions(refuse=True)
        admission, _, _, _ = admission_on(store, Caps(total=1), executions)
        admission.admit_waiting()
        for run in (first, second):
            ended = store.get_run(run.run_id)
            assert ended.status is RunStatus.failed
            assert "could not be started" in ended.failure_reason
