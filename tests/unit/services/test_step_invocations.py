"""Steps called by an orchestrator that may call again (Step Functions): one attempt at a
time, a repeated call answered from its record, and each attempt within its time."""

import asyncio

import pytest

from stratus.domain.engine import StepOutcome
from stratus.domain.status import RunStatus, StepStatus
from stratus.services.step_calls import StepInvocation
from tests.fakes.runtime import ScriptedEngine

pytestmark = pytest.mark.unit


def call(key: str, attempt: str, budget: float | None = None) -> StepInvocation:
    return StepInvocation(key=key, owner=f"{key}#{attempt}", budget_seconds=budget)


async def test_a_repeated_call_returns_its_recorded_report_and_does_nothing(harness_factory):
    engine = ScriptedEngine([StepOutcome(decision="continue"), StepOutcome(decision="complete")])
    h = harness_factory(engine)
    run = h.new_run()
    first = await h.container.execution.run_step(run.run_id, call("exec#t1", "req-1"))
    again = await h.container.execution.run_step(run.run_id, call("exec#t1", "req-2"))
    assert again == first
    assert len(engine.calls) == 1
    assert h.container.store.get_run(run.run_id).step_count == 1


async def test_the_next_call_claims_the_run_at_once(harness_factory):
    engine = ScriptedEngine([StepOutcome(decision="continue"), StepOutcome(decision="complete")])
    h = harness_factory(engine)
    run = h.new_run()
    await h.container.execution.run_step(run.run_id, call("exec#t1", "req-1"))
    stored = h.container.store.get_run(run.run_id)
    assert stored.lease_owner is None  # let go when the step ended
    report = await h.container.execution.run_step(run.run_id, call("exec#t2", "req-9"))
    assert report.status is RunStatus.completed


async def test_a_retry_beside_a_running_attempt_waits(harness_factory):
    started = asyncio.Event()
    release = asyncio.Event()

    async def slow(ctx):
        started.set()
        await release.wait()
        return StepOutcome(decision="continue")

    h = harness_factory(ScriptedEngine([slow]))
    run = h.new_run()
    first = asyncio.create_task(h.container.execution.run_step(run.run_id, call("e#t1", "a")))
    await started.wait()
    retry = await h.container.execution.run_step(run.run_id, call("e#t1", "b"))
    assert retry.busy and not retry.done
    release.set()
    assert not (await first).busy


async def test_a_step_that_runs_out_of_its_time_is_a_failed_step_not_a_failed_run(
    harness_factory,
):
    async def endless(ctx):
        await asyncio.sleep(30)
        return StepOutcome()

    engine = ScriptedEngine([endless, StepOutcome(decision="complete")])
    h = harness_factory(engine)
    run = h.new_run()
    report = await h.container.execution.run_step(run.run_id, call("e#t1", "a", budget=0.05))
    assert not report.done and report.status is RunStatus.running
    steps = h.container.store.list_steps(run.run_id)
    assert steps[0].status is StepStatus.failed
    assert "ran out of the 0.05 s its invocation had" in steps[0].failure_reason
    report = await h.container.execution.run_step(run.run_id, call("e#t2", "b"))
    assert report.status is RunStatus.completed
