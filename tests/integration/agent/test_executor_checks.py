"""The executor checks what it did: typing that did not land, ids a re-render made stale,
drag and drop, and a model stuck repeating one failing action."""

from __future__ import annotations

import pytest

from stratus.agent.prompt import ACT_MARKER
from stratus.agent.reply_schema import STEP_REPLY_FORMAT
from stratus.domain.models import TaskSpec
from tests.fakes.llm import PromptView, ScriptedLLM, act
from tests.integration.agent.harness import drive

pytestmark = pytest.mark.integration


async def test_typing_into_a_field_a_popup_disabled_is_reported(open_page) -> None:
    tools = await open_page("/robust/popup.html")
    name, code = tools.id_of("Name"), tools.id_of("Code")
    records = await tools.run(
        {"action_type": "input_text", "element_id": name, "text": "Ann"},
        {"action_type": "input_text", "element_id": code, "text": "42"},
    )
    assert not records[0].success
    assert "the field is disabled now" in records[0].error
    assert "''" in records[0].error
    assert records[1].params.get("skipped") is True


async def test_stale_ids_after_a_re_render_are_found_again_by_role_and_name(open_page) -> None:
    tools = await open_page("/robust/calendar.html")
    prev, day = tools.id_of("Prev"), tools.id_of("15")
    records = await tools.run(
        {"action_type": "click", "element_id": prev},
        {"action_type": "click", "element_id": prev},
        {"action_type": "click", "element_id": day},
    )
    assert [r.success for r in records] == [True, True, True], [r.error for r in records]
    assert await tools.text("#out") == "January 15"
    assert records[1].params["resolved_id"] != prev
    assert records[2].params["resolved_id"] != day


async def test_a_stale_id_with_several_look_alikes_is_reported(open_page) -> None:
    tools = await open_page("/robust/calendar.html")
    prev = tools.id_of("Prev")
    pick = tools.id_of("Pick")
    records = await tools.run(
        {"action_type": "click", "element_id": prev},
        {"action_type": "click", "element_id": pick},
    )
    assert records[0].success and not records[1].success
    error = records[1].error
    assert error.startswith(f"element id {pick!r} no longer exists on the page; 2 elements")
    assert "button 'Pick'" in error


async def test_drag_onto_an_element_and_by_an_offset(open_page) -> None:
    tools = await open_page("/robust/drag.html")
    records = await tools.run(
        {
            "action_type": "drag",
            "element_id": tools.id_of("Parcel"),
            "target_id": tools.id_of("Bin"),
        }
    )
    assert records[0].success, records[0].error
    assert await tools.text("#out") == "dropped in bin"
    await tools.read()
    records = await tools.run(
        {"action_type": "drag", "element_id": tools.id_of("Knob"), "offset_x": 100}
    )
    assert records[0].success, records[0].error
    assert await tools.text("#pos") == "120"


async def test_a_repeated_failing_action_is_told_once_then_ends_the_run(
    fixture_server, provider, files_dir
) -> None:
    seen: list[str] = []

    def same_mistake(view: PromptView):
        seen.append(view.prompt)
        return act(
            {"action_type": "select_option", "element_id": view.find("Size"), "option": "zzzz"}
        )

    llm = ScriptedLLM([same_mistake] * 8)
    spec = TaskSpec(goal="Pick a size", url=fixture_server.url("/selects/"))
    result = await drive(provider, llm, spec, files_dir=files_dir, max_steps=8)

    assert result.status == "terminated"
    assert len(seen) == 4  # three failures, one warning, one more failure: stopped
    warnings = [p for p in seen if "has failed in each of the last 3 steps" in p]
    assert len(warnings) == 1 and warnings[0] is seen[3]
    assert "select_option" in result.failure_reason and '"Size' in result.failure_reason
    assert "4 consecutive steps" in result.failure_reason
    acts = [r for r in llm.requests if r.messages[0]["content"].startswith(ACT_MARKER)]
    assert acts and all(r.response_schema == STEP_REPLY_FORMAT for r in acts)
