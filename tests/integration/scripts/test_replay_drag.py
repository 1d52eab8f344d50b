"""A drag learned from a model's run replays with no model: onto an element, and by an offset."""

from __future__ import annotations

from pathlib import Path

import pytest

from stratus.agent.step_agent import StepAgent
from stratus.domain.models import TaskSpec
from stratus.domain.status import RunStatus
from stratus.scripts.replay import ReplayEngine
from stratus.scripts.service import ScriptService
from tests.fakes.llm import PromptView, ScriptedLLM, act
from tests.fakes.script_store import MemoryScriptStore
from tests.support import harness

pytestmark = pytest.mark.integration

GOAL = "Put the parcel in the bin and move the knob 100 pixels to the right"


def drag_both(view: PromptView):
    return act(
        {
            "action_type": "drag",
            "element_id": view.find("Parcel"),
            "target_id": view.find("Bin"),
        },
        {"action_type": "drag", "element_id": view.find("Knob"), "offset_x": 100},
        status="complete",
    )


async def _page_text(browser, run, selector: str) -> str:
    session = await browser.session_for(run)
    return (await session.page.locator(selector).inner_text()).strip()


async def test_drags_recorded_from_a_model_run_replay_without_a_model(
    browser, fixture_server, tmp_path: Path
) -> None:
    url = fixture_server.url("/robust/drag.html")
    service = ScriptService(MemoryScriptStore())

    llm = ScriptedLLM([drag_both])
    learning = harness.make_run(TaskSpec(goal=GOAL, url=url))
    learned = await harness.drive(
        StepAgent(settle_timeout_ms=1000), learning, browser, str(tmp_path),
        llm=llm, model=harness.MODEL, release=True,
    )  # fmt: skip
    assert learned.run.status is RunStatus.completed, learned.run.failure_reason
    assert [r.success for r in learned.records if r.action_type == "drag"] == [True, True]

    script = await service.record(learned.run, learned.steps)
    assert script is not None
    onto, by_offset = script.steps
    assert (onto.action_type, onto.locator.name, onto.drop_locator.name) == (
        "drag",
        "Parcel",
        "Bin",
    )
    assert "target_id" not in onto.params  # a snapshot id never goes into a script
    assert by_offset.locator.name == "Knob" and by_offset.drop_locator is None
    assert by_offset.params["offset_x"] == 100

    replaying = harness.make_run(TaskSpec(goal=GOAL, url=url), run_with="code")
    replayed = await harness.drive(
        ReplayEngine(service, None, settle_timeout_ms=1000), replaying, browser, str(tmp_path)
    )
    assert replayed.run.status is RunStatus.completed, replayed.run.failure_reason
    assert replayed.model_calls == 0 and not replayed.run.ai_fallback_triggered
    drags = [r for r in replayed.records if r.action_type == "drag"]
    assert [r.success for r in drags] == [True, True]
    assert drags[0].params["drop_target"]["name"] == "Bin"
    assert await _page_text(browser, replaying, "#out") == "dropped in bin"
    assert await _page_text(browser, replaying, "#pos") == "120"


async def test_a_missing_drop_target_breaks_the_replay_naming_it(
    browser, fixture_server, tmp_path: Path
) -> None:
    url = fixture_server.url("/robust/drag.html")
    store = MemoryScriptStore()
    service = ScriptService(store)
    learning = harness.make_run(TaskSpec(goal=GOAL, url=url))
    learned = await harness.drive(
        StepAgent(settle_timeout_ms=1000), learning, browser, str(tmp_path),
        llm=ScriptedLLM([drag_both]), model=harness.MODEL, release=True,
    )  # fmt: skip
    script = await service.record(learned.run, learned.steps)
    assert script is not None
    renamed = script.steps[0].drop_locator.model_copy(update={"name": "Shelf", "attrs": {}})
    script.steps[0] = script.steps[0].model_copy(update={"drop_locator": renamed})
    store.save(script)  # the page's bin is no longer what the script dropped on

    replaying = harness.make_run(TaskSpec(goal=GOAL, url=url), run_with="code")
    replayed = await harness.drive(
        ReplayEngine(service, None, settle_timeout_ms=1000), replaying, browser, str(tmp_path)
    )
    assert replayed.run.status is RunStatus.failed
    assert replayed.run.failure_reason.startswith(
        "step 1 (drag 'Parcel'): drop target: no element matches"
    )
