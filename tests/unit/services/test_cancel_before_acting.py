"""A canceled run never acts: not when the cancel read the run as queued while a worker was
claiming it, not while the browser was opening the start URL, not between two actions."""

from __future__ import annotations

import pytest

from stratus.domain.engine import StepOutcome
from stratus.domain.models import Step
from stratus.domain.status import RunStatus, StepStatus
from stratus.services.action_journal import ActionJournal, RunCanceled
from tests.fakes.runtime import ScriptedEngine

pytestmark = pytest.mark.unit


async def test_a_cancel_that_read_the_run_queued_does_not_end_a_run_a_worker_claimed(
    harness_factory,
):
    engine = ScriptedEngine([StepOutcome(decision="complete")])
    h = harness_factory(engine)
    run = h.new_run()
    stale = h.container.store.get_run(run.run_id)  # the API read it queued...
    h.container.store.update_run(run.run_id, {"status": RunStatus.running})  # ...a worker claims
    answered = h.container.lifecycle.cancel(stale)
    # not marked canceled under a worker that may be acting: flagged, and honoured by it
    assert answered.status is RunStatus.running and answered.cancel_requested
    report = await h.container.execution.run_step(run.run_id)
    assert report.status is RunStatus.canceled
    assert engine.calls == []


async def test_a_cancel_while_the_start_page_loads_stops_the_step_before_the_engine_acts(
    harness_factory,
):
    engine = ScriptedEngine([StepOutcome(decision="complete")])
    h = harness_factory(engine)
    run = h.new_run()
    provider = h.browser
    opened = provider.session_for

    async def slow_open(r):  # the site answers slowly; the client cancels meanwhile
        h.container.lifecycle.cancel(h.container.store.get_run(r.run_id))
        return await opened(r)

    provider.session_for = slow_open
    report = await h.container.execution.run_step(run.run_id)
    stored = h.container.store.get_run(run.run_id)
    assert report.done and stored.status is RunStatus.canceled
    assert engine.calls == []
    [step] = h.container.store.list_steps(run.run_id)
    assert step.status is StepStatus.canceled and step.pending_action is None


async def test_the_journal_refuses_the_next_action_of_a_canceled_run(harness_factory):
    h = harness_factory(None)
    run = h.new_run()
    h.container.store.update_run(run.run_id, {"status": RunStatus.running})
    step = Step(step_id="stp_1", run_id=run.run_id, organization_id=run.organization_id, order=0)
    journal = ActionJournal(h.container.store, step, h.clock)
    journal.begin("click", {})
    journal.end()
    h.container.lifecycle.cancel(h.container.store.get_run(run.run_id))
    with pytest.raises(RunCanceled):
        journal.begin("click", {})
    # refused before it was journaled as under way: the record still shows the done click
    assert step.pending_action is not None and step.pending_action["done"] is True
