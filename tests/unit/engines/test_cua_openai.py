import pytest

from stratus.engines.cua_actions import Display
from stratus.engines.cua_loop import CuaExchange, Screen
from stratus.engines.cua_openai import OpenAIComputerUse, parse_action, parse_response
from stratus.ports import LLMReply

pytestmark = pytest.mark.unit

SCREEN = Screen(png=b"\x89PNG", width=1024, height=768, url="https://example.com/")


def computer_call(call_id, action, checks=()):
    return {
        "type": "computer_call",
        "id": "cu_" + call_id,
        "call_id": call_id,
        "action": action,
        "pending_safety_checks": list(checks),
        "status": "completed",
    }


@pytest.mark.parametrize(
    ("action", "kind", "fields"),
    [
        ({"type": "click", "button": "right", "x": 5, "y": 6}, "click", {"button": "right"}),
        ({"type": "double_click", "x": 5, "y": 6}, "double_click", {"x": 5}),
        (
            {"type": "scroll", "x": 1, "y": 2, "scroll_x": 0, "scroll_y": 300},
            "scroll",
            {"scroll_y": 300.0},
        ),
        ({"type": "type", "text": "hello"}, "type", {"text": "hello"}),
        ({"type": "keypress", "keys": ["CTRL", "L"]}, "key", {"keys": ("CTRL", "L")}),
        ({"type": "wait"}, "wait", {}),
        ({"type": "screenshot"}, "screenshot", {}),
        ({"type": "move", "x": 3, "y": 4}, "move", {"y": 4}),
        (
            {"type": "drag", "path": [{"x": 1, "y": 2}, {"x": 3, "y": 4}]},
            "drag",
            {"path": ((1.0, 2.0), (3.0, 4.0))},
        ),
        ({"type": "zoom"}, "unsupported", {"text": "zoom"}),
    ],
)
def test_every_action_type_is_mapped(action, kind, fields):
    parsed = parse_action(action, "call_1")
    assert parsed.kind == kind
    assert parsed.call_id == "call_1"
    for name, value in fields.items():
        assert getattr(parsed, name) == value


def test_a_reply_with_calls_continues_and_one_without_is_done():
    turn = parse_response({"output": [computer_call("c1", {"type": "screenshot"})]})
    assert not turn.done and [a.call_id for a in turn.actions] == ["c1"]
    turn = parse_response(
        {
            "output": [
                {"type": "reasoning", "summary": [{"type": "summary_text", "text": "Checked."}]},
                {"type": "message", "content": [{"type": "output_text", "text": "All done."}]},
            ]
        }
    )
    assert turn.done and turn.text == "Checked.\nAll done."


def test_refusals_and_safety_checks_are_reported():
    turn = parse_response(
        {"output": [{"type": "message", "content": [{"type": "refusal", "refusal": "No."}]}]}
    )
    assert turn.refusal == "No." and not turn.done
    turn = parse_response(
        {
            "output": [
                computer_call(
                    "c1",
                    {"type": "click", "x": 1, "y": 1},
                    [{"id": "sc", "code": "irrelevant_domain", "message": "Off task."}],
                )
            ]
        }
    )
    assert turn.safety_check == "irrelevant_domain: Off task."


def test_malformed_output_is_an_error():
    with pytest.raises(ValueError):
        parse_response({"error": "x"})
    with pytest.raises(ValueError):
        parse_response({"output": [{"type": "computer_call", "action": {"type": "wait"}}]})


def test_requests_start_with_the_task_and_chain_call_outputs():
    provider = OpenAIComputerUse()
    display = provider.display(1024, 768)
    first = provider.request(
        model="computer-use-preview", task="Do it", screen=SCREEN, display=display, state={}
    )
    assert first.tools == [
        {
            "type": "computer_use_preview",
            "display_width": 1024,
            "display_height": 768,
            "environment": "browser",
        }
    ]
    assert first.extra["truncation"] == "auto"
    assert first.extra["input"][0]["content"][0] == {"type": "input_text", "text": "Do it"}
    reply = LLMReply(raw={"id": "resp_9", "output": [computer_call("c7", {"type": "wait"})]})
    turn = provider.parse(reply, display)
    state = provider.next_state(CuaExchange({}, first, reply, turn, []))
    assert state == {"previous_response_id": "resp_9", "pending_call_ids": ["c7"]}
    second = provider.request(model="m", task="Do it", screen=SCREEN, display=display, state=state)
    assert second.extra["previous_response_id"] == "resp_9"
    assert second.extra["input"] == [
        {
            "type": "computer_call_output",
            "call_id": "c7",
            "output": {"type": "input_image", "image_url": SCREEN.data_url},
            "current_url": "https://example.com/",
        }
    ]
    assert isinstance(display, Display)
