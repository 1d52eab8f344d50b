import pytest

from stratus.engines.cua_uitars import (
    UiTarsComputerUse,
    box_center,
    model_display,
    parse_text,
    smart_resize,
)
from stratus.ports import LLMReply

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("value", "point"),
    [
        ("(100,200)", (100, 200)),
        ("(10,20,30,40)", (20, 30)),
        ("[10, 20, 30, 40]", (20, 30)),
        ("<|box_start|>(5,6)<|box_end|>", (5, 6)),
        ("<point>7 8</point>", (7, 8)),
    ],
)
def test_boxes_and_points_become_a_point(value, point):
    assert box_center(value) == point


def test_thought_and_several_actions_are_read():
    turn = parse_text(
        "Thought: Fill the box.\nAction: click(start_box='(100,200)')\n\n"
        "type(content='it\\'s 12\\n')\n\nhotkey(key='ctrl a')\n\n"
        "scroll(start_box='(1,1)', direction='up')\n\nleft_double(start_box='(2,3)')\n\n"
        "drag(start_box='(0,0)', end_box='(9,9)')\n\nright_single(start_box='(4,4)')\n\nwait()"
    )
    kinds = [a.kind for a in turn.actions]
    assert kinds == [
        "click",
        "type",
        "key",
        "key",
        "scroll",
        "double_click",
        "drag",
        "click",
        "wait",
    ]
    assert turn.text == "Fill the box."
    assert turn.actions[1].text == "it's 12"
    assert turn.actions[2].keys == ("Enter",)
    assert turn.actions[3].keys == ("ctrl", "a")
    assert turn.actions[4].scroll_y < 0
    assert turn.actions[7].button == "right"


def test_point_arguments_of_the_hosted_model_are_read():
    turn = parse_text("Thought: go\nAction: click(point='<point>250 750</point>')")
    assert (turn.actions[0].x, turn.actions[0].y) == (250.0, 750.0)


def test_finished_and_call_user_end_the_turn():
    turn = parse_text("Thought: ok\nAction: finished(content='Total is 42.')")
    assert turn.done and turn.text == "Total is 42." and not turn.actions
    turn = parse_text("Thought: a captcha I cannot solve\nAction: call_user()")
    assert turn.refusal.endswith("a captcha I cannot solve")


def test_unreadable_replies_are_errors():
    with pytest.raises(ValueError):
        parse_text("I think I should click")
    with pytest.raises(ValueError):
        parse_text("Action: click(start_box=")


def test_relative_and_smart_resize_spaces_map_to_the_viewport():
    relative = model_display("relative", 1280, 800)
    assert relative.to_page(500, 500) == (640.0, 400.0)
    height, width = smart_resize(800, 1280)
    assert (height % 28, width % 28) == (0, 0)
    absolute = model_display("smart_resize", 1280, 800)
    assert (absolute.model_width, absolute.model_height) == (width, height)
    x, y = absolute.to_page(width / 2, height / 2)
    assert (round(x), round(y)) == (640, 400)


def test_scrolls_move_page_pixels_whatever_the_model_space():
    provider = UiTarsComputerUse()
    display = provider.display(1280, 800)
    turn = provider.parse(
        LLMReply(text="Thought: more\nAction: scroll(start_box='(500,500)', direction='down')"),
        display,
    )
    assert display.scale_y(turn.actions[0].scroll_y) == pytest.approx(500.0)


def test_history_keeps_texts_and_only_the_newest_screenshot():
    from stratus.engines.cua_loop import CuaExchange, Screen

    provider = UiTarsComputerUse()
    screen = Screen(png=b"x", width=100, height=100, url="u")
    display = provider.display(100, 100)
    state = {"turns": ["Thought: a\nAction: wait()"]}
    request = provider.request(model="m", task="Task", screen=screen, display=display, state=state)
    assert [m["role"] for m in request.messages] == ["user", "assistant", "user"]
    assert "## User Instruction\nTask" in request.messages[0]["content"]
    reply = LLMReply(text="Thought: b\nAction: wait()")
    new = provider.next_state(
        CuaExchange(state, request, reply, provider.parse(reply, display), [])
    )
    assert new["turns"] == ["Thought: a\nAction: wait()", "Thought: b\nAction: wait()"]
