"""The action journal: an action a dead worker left unfinished is not repeated blindly."""

import pytest

from stratus.domain.engine import StepOutcome
from stratus.domain.models import Step
from stratus.domain.status import RunStatus, StepStatus
from stratus.services.action_journal import SAFE_TO_REPEAT, describe_action, uncertain_action
from tests.fakes.runtime import ScriptedEngine

pytestmark = pytest.mark.unit


def crashed_step(h, run, action_type: str) -> None:
    h.container.store.update_run(run.run_id, {"status": RunStatus.running})
    h.container.store.put_step(
        Step(
            step_id="stp_dead",
            run_id=run.run_id,
            organization_id=run.organization_id,
            order=0,
            status=StepStatus.running,
            pending_action={
                "action_type": action_type,
                "description": describe_action(action_type, {"target": {"name": "Submit"}}),
            },
        )
    )


class NoteReader(ScriptedEngine):
    reads_page_notes = True


async def test_an_unfinished_click_fails_the_run_for_an_engine_that_cannot_check(harness_factory):
    engine = ScriptedEngine([StepOutcome(decision="complete", output={"ok": 1})])
    h = harness_factory(engine)
    run = h.new_run()
    crashed_step(h, run, "click")
    report = await h.container.execution.run_step(run.run_id)
    stored = h.container.store.get_run(run.run_id)
    assert report.done and stored.status is RunStatus.failed
    assert "click on 'Submit'" in stored.failure_reason
    assert "may already have taken effect" in stored.failure_reason
    assert engine.calls == []  # nothing acted again
    steps = h.container.store.list_steps(run.run_id)
    assert steps[0].failure_reason.endswith("while running click on 'Submit'")


async def test_an_engine_that_reads_notes_is_told_and_the_note_is_cleared(harness_factory):
    engine = NoteReader([StepOutcome(decision="continue"), StepOutcome(decision="complete")])
    h = harness_factory(engine)
    run = h.new_run()
    crashed_step(h, run, "keypress")
    await h.container.execution.run_step(run.run_id)
    assert engine.calls[0].interrupted_action == "keypress on 'Submit'"
    assert h.container.store.get_run(run.run_id).uncertain_action is None
    await h.container.execution.run_step(run.run_id)
    assert engine.calls[1].interrupted_action is None
    assert h.container.store.get_run(run.run_id).status is RunStatus.completed


async def test_an_unfinished_typing_action_is_simply_resumed(harness_factory):
    engine = ScriptedEngine([StepOutcome(decision="complete", output={"ok": 1})])
    h = harness_factory(engine)
    run = h.new_run()
    crashed_step(h, run, "input_text")
    report = await h.container.execution.run_step(run.run_id)
    assert report.status is RunStatus.completed
    assert engine.calls[0].interrupted_action is None


@pytest.mark.parametrize("action_type", ["click", "keypress", "select_option", "checkbox"])
def test_actions_with_effects_are_uncertain(action_type):
    step = Step(
        step_id="s",
        run_id="r",
        organization_id="o",
        order=0,
        pending_action={"action_type": action_type, "description": action_type},
    )
    assert action_type not in SAFE_TO_REPEAT
    assert uncertain_action(step) is not None


async def test_a_click_done_but_not_recorded_is_not_repeated(harness_factory):
    """The worker died after the click finished and before the step was recorded: the
    retry would click again (a second submit), so the run stops instead."""
    engine = ScriptedEngine([StepOutcome(decision="complete", output={"ok": 1})])
    h = harness_factory(engine)
    run = h.new_run()
    crashed_step(h, run, "click")
    step = h.container.store.list_steps(run.run_id)[0]
    done = {**step.pending_action, "done": True}
    h.container.store.put_step(step.model_copy(update={"pending_action": done}))
    report = await h.container.execution.run_step(run.run_id)
    stored = h.container.store.get_run(run.run_id)
    assert report.done and stored.status is RunStatus.failed
    assert "stopped after running click on 'Submit'" in stored.failure_reason
    assert engine.calls == []


async def test_the_journal_keeps_a_done_click_until_the_step_is_recorded(harness_factory):
    from stratus.services.action_journal import ActionJournal

    h = harness_factory(ScriptedEngine([]))
    run = h.new_run()
    step = Step(step_id="stp_j", run_id=run.run_id, organization_id=run.organization_id, order=0)
    journal = ActionJournal(h.container.store, step, h.clock)
    journal.begin("input_text", {})
    journal.end()
    assert h.container.store.list_steps(run.run_id)[0].pending_action is None
    journal.begin("click", {"target": {"name": "Submit"}})
    journal.end()
    kept = h.container.store.list_steps(run.run_id)[0].pending_action
    assert kept["action_type"] == "click" and kept["done"] is True
