"""Each computer-use engine orders paper on the fixture site by coordinates alone.

Scripted replies are in each provider's wire format; every coordinate comes from the
live page's element boxes, never from fixed pixel values.
"""

from __future__ import annotations

import re

import pytest

from stratus.domain.models import TaskSpec
from stratus.domain.status import Engine
from stratus.engines.cua import AnthropicCuaEngine, OpenAICuaEngine, UiTarsEngine
from tests.integration.engines.harness import drive, make_run
from tests.integration.engines.scripted import (
    ScriptedCua,
    anthropic_reply,
    center,
    openai_response,
    relative,
    uitars_reply,
)

pytestmark = pytest.mark.integration

SCHEMA = {
    "type": "object",
    "properties": {"quantity": {"type": "integer"}},
    "required": ["quantity"],
}


def read_quantity(prompt: str):
    match = re.search(r"quantity \| (\d+)", prompt)  # the confirmation table: name | value
    return {"quantity": int(match.group(1))} if match else {"quantity": None}


def order_spec(fixture_server) -> TaskSpec:
    return TaskSpec(
        goal="Order 12 packs of paper",
        url=fixture_server.url("/error/"),
        extraction_goal="the quantity on the confirmation",
        extraction_schema=SCHEMA,
    )


def screenshots(driven) -> list[bool]:
    return [
        any(a.name == "screenshot.png" and a.is_screenshot for a in o.artifacts)
        for o in driven.outcomes
    ]


async def test_openai_cua_orders_with_chained_responses(fixture_server, browser, tmp_path):
    run = make_run(Engine.openai_cua, order_spec(fixture_server))
    page = (await browser.session_for(run)).page

    async def click_quantity(request):
        x, y = await center(page, "#quantity")
        return openai_response(
            "resp_1", calls=[("call_1", {"type": "click", "button": "left", "x": x, "y": y})]
        )

    async def type_quantity(request):
        return openai_response("resp_2", calls=[("call_2", {"type": "type", "text": "12"})])

    async def click_order(request):
        x, y = await center(page, "button[type=submit]")
        click = {"type": "click", "button": "left", "x": x, "y": y}
        return openai_response("resp_3", calls=[("call_3", click)])

    async def done(request):
        assert await page.locator("h1").inner_text() == "Form received"
        return openai_response("resp_4", text="I ordered 12 packs of paper.")

    llm = ScriptedCua([click_quantity, type_quantity, click_order, done], extract=read_quantity)
    driven = await drive(OpenAICuaEngine(), run, browser, str(tmp_path), llm=llm)

    assert driven.status == "completed", driven.failure_reason
    assert driven.output == {"quantity": 12}
    acts = llm.act_requests()
    assert acts[0].tools == [
        {
            "type": "computer_use_preview",
            "display_width": page.viewport_size["width"],
            "display_height": page.viewport_size["height"],
            "environment": "browser",
        }
    ]
    assert acts[0].extra["api"] == "responses"
    assert acts[0].extra["input"][0]["content"][1]["type"] == "input_image"
    assert "previous_response_id" not in acts[0].extra
    for index, request in enumerate(acts[1:], start=1):
        assert request.extra["previous_response_id"] == f"resp_{index}"
        (item,) = request.extra["input"]
        assert item["type"] == "computer_call_output"
        assert item["call_id"] == f"call_{index}"
        assert item["output"]["type"] == "input_image"
        assert item["output"]["image_url"].startswith("data:image/png;base64,")
    extraction = [r for r, p in zip(llm.requests, llm.purposes, strict=True) if p == "extract"]
    assert extraction and extraction[0].extra == {"api": "responses"}
    assert [r.action_type for r in driven.records] == ["click", "type", "click", "complete"]
    assert all(r.success for r in driven.records)
    assert all(screenshots(driven))
    assert sum(o.input_tokens for o in driven.outcomes) >= 4 * 1200
    assert driven.outcomes[0].cost == pytest.approx(0.0042)
    names = {a.name for a in driven.outcomes[-1].artifacts}
    assert {"screenshot.png", "llm_reply.json", "actions.json"} <= names


async def test_openai_safety_check_terminates_with_its_message(fixture_server, browser, tmp_path):
    run = make_run(Engine.openai_cua, order_spec(fixture_server))
    page = (await browser.session_for(run)).page

    async def risky(request):
        x, y = await center(page, "#quantity")
        return openai_response(
            "resp_1",
            calls=[("call_1", {"type": "click", "button": "left", "x": x, "y": y})],
            safety_checks=[
                {"id": "cu_sc_1", "code": "malicious_instructions", "message": "Suspicious text."}
            ],
        )

    llm = ScriptedCua([risky])
    driven = await drive(OpenAICuaEngine(), run, browser, str(tmp_path), llm=llm)

    assert driven.status == "terminated"
    assert "malicious_instructions: Suspicious text." in driven.failure_reason
    assert await page.locator("#quantity").input_value() == ""  # nothing was played


async def test_anthropic_cua_answers_each_tool_use_with_a_screenshot(
    fixture_server, browser, tmp_path
):
    run = make_run(Engine.anthropic_cua, order_spec(fixture_server))
    page = (await browser.session_for(run)).page

    async def click_and_type(request):
        x, y = await center(page, "#quantity")
        return anthropic_reply(
            text="I'll fill in the quantity.",
            uses=[
                ("toolu_01", {"action": "left_click", "coordinate": [round(x), round(y)]}),
                ("toolu_02", {"action": "type", "text": "12"}),
            ],
        )

    async def submit(request):
        return anthropic_reply(uses=[("toolu_03", {"action": "key", "text": "Return"})])

    async def done(request):
        assert await page.locator("h1").inner_text() == "Form received"
        return anthropic_reply(text="The order for 12 packs was sent.")

    llm = ScriptedCua([click_and_type, submit, done], extract=read_quantity)
    driven = await drive(AnthropicCuaEngine(), run, browser, str(tmp_path), llm=llm)

    assert driven.status == "completed", driven.failure_reason
    assert driven.output == {"quantity": 12}
    acts = llm.act_requests()
    tool = acts[0].tools[0]
    assert tool["type"] == "computer_20250124"
    assert tool["function"]["name"] == "computer"
    assert tool["function"]["parameters"]["display_width_px"] == page.viewport_size["width"]
    assert acts[0].extra["extra_headers"] == {"anthropic-beta": "computer-use-2025-01-24"}
    results = [m for m in acts[1].messages if m["role"] == "tool"]
    assert [m["tool_call_id"] for m in results] == ["toolu_01", "toolu_02"]
    assert results[-1]["content"][-1]["type"] == "image_url"
    assert results[-1]["content"][-1]["image_url"]["url"].startswith("data:image/png;base64,")
    assistant = [m for m in acts[1].messages if m["role"] == "assistant"]
    assert assistant[0]["tool_calls"][0]["id"] == "toolu_01"
    # older screenshots are not resent
    images = [
        p
        for m in acts[2].messages
        if isinstance(m.get("content"), list)
        for p in m["content"]
        if p.get("type") == "image_url"
    ]
    assert len(images) == 1
    assert [r.action_type for r in driven.records] == ["click", "type", "key", "complete"]
    assert driven.outcomes[-1].summary == "The order for 12 packs was sent."


async def test_anthropic_refusal_terminates(fixture_server, browser, tmp_path):
    run = make_run(Engine.anthropic_cua, order_spec(fixture_server))

    async def refuse(request):
        return anthropic_reply(text="I can't help with that.", stop="refusal")

    driven = await drive(
        AnthropicCuaEngine(), run, browser, str(tmp_path), llm=ScriptedCua([refuse])
    )
    assert driven.status == "terminated"
    assert driven.failure_reason == "the model refused: I can't help with that."


async def test_ui_tars_maps_relative_coordinates_onto_the_viewport(
    fixture_server, browser, tmp_path
):
    run = make_run(Engine.ui_tars, order_spec(fixture_server))
    page = (await browser.session_for(run)).page

    async def fill(request):
        x, y = relative(page, await center(page, "#quantity"))
        return uitars_reply(
            "Thought: The quantity box is empty; I type 12 and submit.\n"
            f"Action: click(start_box='({x},{y})')\n\ntype(content='12\\n')"
        )

    async def finished(request):
        assert await page.locator("h1").inner_text() == "Form received"
        return uitars_reply("Thought: Sent.\nAction: finished(content='Ordered 12 packs.')")

    llm = ScriptedCua([fill, finished], extract=read_quantity)
    driven = await drive(UiTarsEngine(), run, browser, str(tmp_path), llm=llm)

    assert driven.status == "completed", driven.failure_reason
    assert driven.output == {"quantity": 12}
    acts = llm.act_requests()
    assert acts[0].messages[0]["content"].startswith("You are a GUI agent.")
    assert "Order 12 packs of paper" in acts[0].messages[0]["content"]
    assert acts[1].messages[1] == {"role": "assistant", "content": acts[1].messages[1]["content"]}
    assert acts[1].messages[1]["content"].startswith("Thought: The quantity box")
    assert [r.action_type for r in driven.records] == ["click", "type", "key", "complete"]
    assert driven.outcomes[-1].summary == "Ordered 12 packs."
