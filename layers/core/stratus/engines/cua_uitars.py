"""UI-TARS over an OpenAI-compatible chat endpoint (vLLM, Doubao/Ark, Hugging Face TGI).

Format followed: the computer-use prompt and action space of the UI-TARS repository
(``codes/ui_tars/prompt.py``) and its parser (``codes/ui_tars/action_parser.py``,
``parse_action_to_structure_output``). The model answers ``Thought: ...`` then
``Action: ...`` with one or more calls separated by a blank line: click / left_single,
left_double, right_single, drag(start_box, end_box), hotkey(key='ctrl c'),
type(content='...'; a trailing "\\n" submits), scroll(start_box, direction), wait(),
finished(content='...'), call_user(). Points come as ``'(x,y)'``, boxes as
``'(x1,y1,x2,y2)'`` or ``'[x1, y1, x2, y2]'``, or as ``<point>x y</point>``.

Coordinates: the parser divides by a factor of 1000 for relative output (``relative``,
the default here), while ``README_coordinates.md`` of UI-TARS-1.5 (Qwen2.5-VL based)
describes absolute pixels on the image after ``smart_resize`` (``smart_resize``). Both are
supported; pick with ``UiTarsEngine(coordinates=...)``. History follows the cookbook's
practice of keeping every text turn and only the newest screenshot.
"""

from __future__ import annotations

import ast
import math
import re
from typing import Any, Literal

from ..ports import LLMReply, LLMRequest
from .cua_actions import SCROLL_NOTCH_PIXELS, CuaAction, Display
from .cua_loop import CuaExchange, CuaProviderDefaults, CuaTurn, Screen

CoordinateSpace = Literal["relative", "smart_resize"]
RELATIVE_SCALE = 1000
IMAGE_FACTOR = 28
MIN_PIXELS = 100 * 28 * 28
MAX_PIXELS = 16384 * 28 * 28
SCROLL_NOTCHES = 5
MAX_TURNS_KEPT = 15

PROMPT = """You are a GUI agent. You are given a task and your action history, with screenshots. \
You need to perform the next action to complete the task.

## Output Format
```
Thought: ...
Action: ...
```

## Action Space
click(start_box='<|box_start|>(x1,y1)<|box_end|>')
left_double(start_box='<|box_start|>(x1,y1)<|box_end|>')
right_single(start_box='<|box_start|>(x1,y1)<|box_end|>')
drag(start_box='<|box_start|>(x1,y1)<|box_end|>', end_box='<|box_start|>(x3,y3)<|box_end|>')
hotkey(key='')
type(content='') #If you want to submit your input, use "\\n" at the end of `content`.
scroll(start_box='<|box_start|>(x1,y1)<|box_end|>', direction='down or up or right or left')
wait() #Sleep for 5s and take a screenshot to check for any changes.
finished(content='xxx') # Use escape characters \\', \\", and \\n in content part.
call_user() # Submit the task and call the user when the task is unsolvable.

## Note
- Use English in `Thought` part.
- Write a small plan and finally summarize your next action (with its target element) in one \
sentence in `Thought` part.

## User Instruction
{instruction}
"""

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_POINT_TAG = re.compile(r"<point>\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s*</point>")
_POINT_ARG = re.compile(r"\b(start_|end_)?point=")
_TYPE_CALL = re.compile(r"^type\(content=(['\"])(?P<content>.*)\1\)\s*$", re.DOTALL)


def smart_resize(height: int, width: int) -> tuple[int, int]:
    """The image size Qwen2.5-VL sees (UI-TARS ``README_coordinates.md``)."""
    h_bar = max(IMAGE_FACTOR, round(height / IMAGE_FACTOR) * IMAGE_FACTOR)
    w_bar = max(IMAGE_FACTOR, round(width / IMAGE_FACTOR) * IMAGE_FACTOR)
    if h_bar * w_bar > MAX_PIXELS:
        beta = math.sqrt((height * width) / MAX_PIXELS)
        h_bar = math.floor(height / beta / IMAGE_FACTOR) * IMAGE_FACTOR
        w_bar = math.floor(width / beta / IMAGE_FACTOR) * IMAGE_FACTOR
    elif h_bar * w_bar < MIN_PIXELS:
        beta = math.sqrt(MIN_PIXELS / (height * width))
        h_bar = math.ceil(height * beta / IMAGE_FACTOR) * IMAGE_FACTOR
        w_bar = math.ceil(width * beta / IMAGE_FACTOR) * IMAGE_FACTOR
    return h_bar, w_bar


def model_display(space: CoordinateSpace, width: int, height: int) -> Display:
    if space == "relative":
        return Display(RELATIVE_SCALE, RELATIVE_SCALE, width, height)
    resized_height, resized_width = smart_resize(height, width)
    return Display(resized_width, resized_height, width, height)


def box_center(value: str) -> tuple[float, float]:
    """The point a box or point string stands for (the centre of a box)."""
    tagged = _POINT_TAG.search(value)
    numbers = [float(n) for n in tagged.groups()] if tagged else []
    if not numbers:
        cleaned = value.replace("<|box_start|>", "").replace("<|box_end|>", "")
        numbers = [float(n) for n in _NUMBER.findall(cleaned)]
    if len(numbers) == 2:
        return numbers[0], numbers[1]
    if len(numbers) == 4:
        return (numbers[0] + numbers[2]) / 2, (numbers[1] + numbers[3]) / 2
    raise ValueError(f"not a point or a box: {value!r}")


def split_reply(text: str) -> tuple[str, list[str]]:
    """(thought, action calls) of a ``Thought: ... Action: ...`` reply."""
    if "Action:" not in text:
        raise ValueError("the reply has no 'Action:'")
    head, _, actions = text.rpartition("Action:")
    thought = head.split("Thought:", 1)[-1].strip() if "Thought:" in head else head.strip()
    calls = [c.strip() for c in re.split(r"\)\s*\n\s*\n", actions.strip()) if c.strip()]
    calls = [c if c.endswith(")") else c + ")" for c in calls]
    return thought, calls


def parse_call(call: str) -> tuple[str, dict[str, str]]:
    typed = _TYPE_CALL.match(call)
    if typed:
        content = typed.group("content")
        return "type", {"content": _unescape(content)}
    normalized = _POINT_ARG.sub(lambda m: (m.group(1) or "start_") + "box=", call)
    try:
        node = ast.parse(normalized, mode="eval").body
    except SyntaxError as error:
        raise ValueError(f"cannot parse action {call!r}: {error.msg}") from None
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        raise ValueError(f"not an action call: {call!r}")
    arguments: dict[str, str] = {}
    for keyword in node.keywords:
        if keyword.arg and isinstance(keyword.value, ast.Constant):
            arguments[keyword.arg] = str(keyword.value.value)
    return node.func.id, arguments


def _unescape(content: str) -> str:
    return content.replace("\\n", "\n").replace("\\'", "'").replace('\\"', '"')


def to_actions(name: str, args: dict[str, str], thought: str) -> list[CuaAction]:
    def point(key: str = "start_box") -> tuple[float, float]:
        if key not in args:
            raise ValueError(f"{name} needs {key}")
        return box_center(args[key])

    if name in ("click", "left_single"):
        x, y = point()
        return [CuaAction("click", x=x, y=y, reasoning=thought)]
    if name == "right_single":
        x, y = point()
        return [CuaAction("click", x=x, y=y, button="right", reasoning=thought)]
    if name == "left_double":
        x, y = point()
        return [CuaAction("double_click", x=x, y=y, reasoning=thought)]
    if name in ("drag", "select"):
        return [CuaAction("drag", path=(point(), point("end_box")), reasoning=thought)]
    if name in ("hotkey", "press"):
        keys = tuple(args.get("key", args.get("hotkey", "")).split())
        return [CuaAction("key", keys=keys, reasoning=thought)]
    if name == "type":
        content = args.get("content", "")
        submit = content.endswith("\n")
        actions = [CuaAction("type", text=content.rstrip("\n"), reasoning=thought)]
        if submit:
            actions.append(CuaAction("key", keys=("Enter",), reasoning=thought))
        return actions
    if name == "scroll":
        direction = args.get("direction", "down").strip().lower()
        dx, dy = {"up": (0, -1), "down": (0, 1), "left": (-1, 0), "right": (1, 0)}.get(
            direction, (0, 1)
        )
        at = point() if "start_box" in args else None  # None: where the pointer is
        amount = SCROLL_NOTCHES * SCROLL_NOTCH_PIXELS
        return [
            CuaAction(
                "scroll",
                x=at[0] if at else None,
                y=at[1] if at else None,
                scroll_x=dx * amount,
                scroll_y=dy * amount,
                reasoning=thought,
            )
        ]
    if name == "wait":
        return [CuaAction("wait", seconds=5.0, reasoning=thought)]
    return [CuaAction("unsupported", text=name, reasoning=thought)]


def parse_text(text: str) -> CuaTurn:
    thought, calls = split_reply(text.strip())
    turn = CuaTurn(text=thought)
    for call in calls:
        name, args = parse_call(call)
        if name == "finished":
            turn.text = args.get("content") or thought
            turn.done = True
            return turn
        if name == "call_user":
            turn.refusal = f"the model needs a person's help: {thought or 'no reason given'}"
            return turn
        turn.actions.extend(to_actions(name, args, thought))
    return turn


def scale_actions(actions: list[CuaAction], display: Display) -> list[CuaAction]:
    """Scroll distances are given in page pixels, not in the model's space."""
    from dataclasses import replace

    return [
        replace(
            a,
            scroll_x=a.scroll_x * display.model_width / display.viewport_width,
            scroll_y=a.scroll_y * display.model_height / display.viewport_height,
        )
        if a.kind == "scroll"
        else a
        for a in actions
    ]


class UiTarsComputerUse(CuaProviderDefaults):
    name = "ui-tars"

    def __init__(self, coordinates: CoordinateSpace = "relative") -> None:
        self.coordinates = coordinates

    def display(self, viewport_width: int, viewport_height: int) -> Display:
        return model_display(self.coordinates, viewport_width, viewport_height)

    def request(
        self, *, model: str, task: str, screen: Screen, display: Display, state: dict[str, Any]
    ) -> LLMRequest:
        messages: list[dict[str, Any]] = [
            {"role": "user", "content": PROMPT.format(instruction=task)}
        ]
        for turn in state.get("turns") or []:
            messages.append({"role": "assistant", "content": turn})
        image = {"type": "image_url", "image_url": {"url": screen.data_url}}
        messages.append({"role": "user", "content": [image]})
        return LLMRequest(model=model, messages=messages, temperature=0.0, max_tokens=1000)

    def parse(self, reply: LLMReply, display: Display) -> CuaTurn:
        turn = parse_text(reply.text)
        turn.actions = scale_actions(turn.actions, display)
        return turn

    def next_state(self, exchange: CuaExchange) -> dict[str, Any]:
        turns = [*(exchange.state.get("turns") or []), exchange.reply.text.strip()]
        return {"turns": turns[-MAX_TURNS_KEPT:]}
