import json

import pytest

from stratus.domain.models import ActionRecord
from stratus.engines.cua_anthropic import (
    MAX_STORED_MESSAGES,
    AnthropicComputerUse,
    parse_input,
    parse_reply,
)
from stratus.engines.cua_loop import CuaExchange, Screen
from stratus.ports import LLMReply

pytestmark = pytest.mark.unit

SCREEN = Screen(png=b"\x89PNG", width=1280, height=800, url="https://example.com/")


def tool_call(call_id, data):
    return {
        "id": call_id,
        "type": "function",
        "function": {"name": "computer", "arguments": json.dumps(data)},
    }


@pytest.mark.parametrize(
    ("data", "kind", "fields"),
    [
        ({"action": "left_click", "coordinate": [10, 20]}, "click", {"x": 10.0, "y": 20.0}),
        ({"action": "right_click", "coordinate": [1, 2]}, "click", {"button": "right"}),
        ({"action": "double_click", "coordinate": [1, 2]}, "double_click", {}),
        ({"action": "type", "text": "abc"}, "type", {"text": "abc"}),
        ({"action": "key", "text": "ctrl+a"}, "key", {"keys": ("ctrl+a",)}),
        (
            {
                "action": "scroll",
                "coordinate": [5, 5],
                "scroll_direction": "up",
                "scroll_amount": 2,
            },
            "scroll",
            {"scroll_y": -200.0, "scroll_x": 0},
        ),
        (
            {
                "action": "scroll",
                "coordinate": [5, 5],
                "scroll_direction": "right",
                "scroll_amount": 1,
            },
            "scroll",
            {"scroll_x": 100.0},
        ),
        ({"action": "mouse_move", "coordinate": [7, 8]}, "move", {"x": 7.0}),
        (
            {"action": "left_click_drag", "start_coordinate": [1, 2], "coordinate": [3, 4]},
            "drag",
            {"path": ((1.0, 2.0), (3.0, 4.0))},
        ),
        ({"action": "wait", "duration": 2}, "wait", {"seconds": 2.0}),
        ({"action": "screenshot"}, "screenshot", {}),
        ({"action": "hold_key", "text": "shift"}, "unsupported", {"text": "hold_key"}),
    ],
)
def test_every_action_is_mapped(data, kind, fields):
    parsed = parse_input(data, "toolu_1")
    assert parsed.kind == kind
    for name, value in fields.items():
        assert getattr(parsed, name) == value


def test_tool_calls_native_blocks_refusals_and_done():
    turn = parse_reply(LLMReply(tool_calls=[tool_call("t1", {"action": "screenshot"})]))
    assert [a.call_id for a in turn.actions] == ["t1"] and not turn.done
    native = LLMReply(
        raw={
            "content": [
                {"type": "text", "text": "Clicking."},
                {
                    "type": "tool_use",
                    "id": "t2",
                    "name": "computer",
                    "input": {"action": "left_click", "coordinate": [3, 4]},
                },
            ]
        }
    )
    turn = parse_reply(native)
    assert turn.actions[0].x == 3.0 and turn.text == "Clicking."
    turn = parse_reply(LLMReply(text="Finished: 12 packs.", raw={"stop_reason": "end_turn"}))
    assert turn.done and turn.text == "Finished: 12 packs."
    turn = parse_reply(LLMReply(text="I won't.", raw={"choices": [{"finish_reason": "refusal"}]}))
    assert turn.refusal == "I won't." and not turn.done
    with pytest.raises(ValueError):
        parse_reply(
            LLMReply(
                tool_calls=[{"id": "x", "function": {"name": "computer", "arguments": "{oops"}}]
            )
        )


def test_state_keeps_texts_answers_each_call_and_resends_only_the_newest_image():
    provider = AnthropicComputerUse()
    display = provider.display(1280, 800)
    first = provider.request(model="claude", task="Do it", screen=SCREEN, display=display, state={})
    assert first.tools[0]["function"]["parameters"] == {
        "display_width_px": 1280,
        "display_height_px": 800,
    }
    reply = LLMReply(
        tool_calls=[
            tool_call("t1", {"action": "type", "text": "x"}),
            tool_call("t2", {"action": "key", "text": "Return"}),
        ]
    )
    turn = provider.parse(reply, display)
    records = [
        ActionRecord(action_type="type"),
        ActionRecord(action_type="key", success=False, error="boom"),
    ]
    state = provider.next_state(CuaExchange({}, first, reply, turn, records))
    assert state["pending"] == [
        {"id": "t1", "result": "done"},
        {"id": "t2", "result": "error: boom"},
    ]
    second = provider.request(
        model="claude", task="Do it", screen=SCREEN, display=display, state=state
    )
    roles = [m["role"] for m in second.messages]
    assert roles == ["system", "user", "assistant", "tool", "tool"]
    assert second.messages[1]["content"][1] == {
        "type": "text",
        "text": "(an earlier screenshot, omitted)",
    }
    assert [p["type"] for p in second.messages[4]["content"]] == ["text", "image_url"]
    assert [p["type"] for p in second.messages[3]["content"]] == ["text"]


def test_long_histories_are_trimmed_at_an_assistant_turn():
    provider = AnthropicComputerUse()
    display = provider.display(100, 100)
    state: dict = {}
    for index in range(30):
        request = provider.request(model="m", task="t", screen=SCREEN, display=display, state=state)
        reply = LLMReply(tool_calls=[tool_call(f"t{index}", {"action": "screenshot"})])
        state = provider.next_state(
            CuaExchange(state, request, reply, provider.parse(reply, display), [])
        )
    messages = state["messages"]
    assert len(messages) <= MAX_STORED_MESSAGES
    assert messages[0]["role"] == "user" and messages[1]["role"] == "assistant"
