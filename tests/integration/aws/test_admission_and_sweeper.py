"""Active-run caps and the sweeper through the real state machine on moto.

With a cap of one active run the second run waits ``queued`` (no execution) and is started
when the first ends; an execution lost behind the run's back is restarted by the sweeper
under a new name, and the lost execution's late end leaves the run alone."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from stratus.domain.status import RunStatus
from tests.fakes.runtime import ScriptedEngine, screenshot_outcome
from tests.integration.aws.harness import (
    BROWSER_FUNCTION,
    FINALIZE_FUNCTION,
    MOTO_CONFIG,
    build_stack,
)
from tests.integration.aws.test_state_machine import start_run, status_change

pytestmark = pytest.mark.integration


@pytest.fixture
def aws():
    with mock_aws(config=MOTO_CONFIG):
        yield


class LaterClock:
    """Real time, shifted: the sweeper sees every grace period as passed."""

    def __init__(self, shift: timedelta) -> None:
        self.shift = shift

    def now(self) -> datetime:
        return datetime.now(UTC) + self.shift


def test_with_a_cap_of_one_the_second_run_waits_then_completes(aws, monkeypatch) -> None:
    gate = threading.Event()

    def held_until_the_test_looked(ctx):
        assert gate.wait(30)
        return screenshot_outcome("complete", output={"run": ctx.run.run_id})

    stack = build_stack(
        monkeypatch, ScriptedEngine([held_until_the_test_looked]), max_active_runs=1
    )
    first, raw_key = start_run(stack)
    second, _ = start_run(stack, raw_key=raw_key)
    store = stack.containers["api"].store
    waiting = store.get_run(second)
    assert waiting.status is RunStatus.queued and waiting.awaiting_admission
    with pytest.raises(ClientError, match="ExecutionDoesNotExist"):
        stack.sfn.describe_execution(executionArn=stack.execution_arn(second))
    gate.set()

    assert stack.wait_for_execution(first)["status"] == "SUCCEEDED"
    assert stack.wait_for_execution(second)["status"] == "SUCCEEDED"
    done_first, done_second = store.get_run(first), store.get_run(second)
    assert done_first.status is RunStatus.completed and done_second.status is RunStatus.completed
    assert done_second.started_at >= done_first.finished_at  # one active run at a time
    assert stack.dispatcher.count(BROWSER_FUNCTION) == 2


def test_the_sweeper_starts_a_waiting_run_the_finish_path_missed(aws, monkeypatch) -> None:
    gate = threading.Event()

    def held_until_both_exist(ctx):
        assert gate.wait(30)
        return screenshot_outcome("complete")

    stack = build_stack(
        monkeypatch,
        ScriptedEngine([held_until_both_exist]),
        sweeper_clock=LaterClock(timedelta(minutes=10)),
        max_active_runs=1,
    )
    stack.containers["browser"].lifecycle.after_finish.clear()  # as without the machine's ARN
    first, raw_key = start_run(stack)
    second, _ = start_run(stack, raw_key=raw_key)
    gate.set()
    assert stack.wait_for_execution(first)["status"] == "SUCCEEDED"
    assert stack.containers["api"].store.get_run(second).awaiting_admission

    report = stack.sweep()
    assert report["admitted"] == [second]
    assert stack.wait_for_execution(second)["status"] == "SUCCEEDED"
    assert stack.containers["api"].store.get_run(second).status is RunStatus.completed


def test_an_execution_stopped_by_an_operator_ends_its_run_at_the_sweep(aws, monkeypatch) -> None:
    def stop_own_execution_the_first_time(ctx):
        if ctx.run.restarts == 0:
            stack.sfn.stop_execution(executionArn=stack.execution_arn(ctx.run.run_id))
            return screenshot_outcome()
        return screenshot_outcome("complete", output={"restarted": True})

    stack = build_stack(
        monkeypatch,
        ScriptedEngine([stop_own_execution_the_first_time]),
        sweeper_clock=LaterClock(timedelta(minutes=10)),
    )
    run_id, _ = start_run(stack)
    assert stack.wait_for_execution(run_id)["status"] == "ABORTED"
    store = stack.containers["api"].store
    assert store.get_run(run_id).status is RunStatus.running  # the status-change event is lost

    # An operator's stop is respected: the run ends, it is not restarted.
    report = stack.sweep()
    assert report["ended"] == [run_id] and report["restarted"] == []
    assert store.get_run(run_id).failure_reason == "the run's execution was stopped"


def test_a_failed_execution_is_restarted_and_its_late_event_is_stale(aws, monkeypatch) -> None:
    stack = build_stack(
        monkeypatch,
        ScriptedEngine([screenshot_outcome("complete", output={"restarted": True})]),
        sweeper_clock=LaterClock(timedelta(minutes=10)),
    )
    stack.dispatcher.crash_on.add((BROWSER_FUNCTION, 1))  # the first step's function dies
    # ... and the Catch's finalize is lost too, so nothing ends the run
    stack.dispatcher.handlers[FINALIZE_FUNCTION] = lambda event, context: {"lost": True}
    run_id, _ = start_run(stack)
    assert stack.wait_for_execution(run_id)["status"] == "FAILED"
    store = stack.containers["api"].store
    assert not store.get_run(run_id).is_terminal

    report = stack.sweep()
    assert report["restarted"] == [run_id]
    assert stack.wait_for_execution(run_id, restarts=1)["status"] == "SUCCEEDED"
    run = store.get_run(run_id)
    assert run.status is RunStatus.completed and run.restarts == 1
    assert run.output == {"restarted": True}

    # The first execution's FAILED event arrives late: it no longer speaks for the run.
    late = stack.modules["finalize"].handler(status_change(stack, run_id, "FAILED"), None)
    assert late["changed"] is False
    assert store.get_run(run_id).status is RunStatus.completed
