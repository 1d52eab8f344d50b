"""Anthropic computer use (tool version ``computer_20250124``), through litellm's chat format.

Wire format followed (Anthropic "Computer use tool" documentation):
- tool ``{"type": "computer_20250124", "name": "computer", "display_width_px",
  "display_height_px"}`` with the ``anthropic-beta: computer-use-2025-01-24`` header. litellm
  takes the tool as ``{"type": "computer_20250124", "function": {"name": "computer",
  "parameters": {"display_width_px", "display_height_px"}}}`` and sends the native shape;
- the reply's ``tool_use`` blocks have ``input`` ``{action, coordinate: [x, y], text,
  scroll_direction, scroll_amount, start_coordinate, duration}`` with action one of
  left_click, right_click, middle_click, double_click, triple_click, type, key (xdotool
  names such as "Return" or "ctrl+a"), scroll, mouse_move, left_click_drag, screenshot,
  wait, cursor_position. litellm hands them back as OpenAI-style ``tool_calls`` (function
  name "computer", JSON arguments); a native Anthropic ``content`` list is read too;
- each ``tool_use`` is answered by a ``tool_result`` (an OpenAI-style ``tool`` message) whose
  content holds the new screenshot as a base64 image.
A reply without ``tool_use`` means the model is done: its text is the final answer.
"""

from __future__ import annotations

import json
from typing import Any

from ..domain.models import ActionRecord
from ..ports import LLMReply, LLMRequest
from .cua_actions import SCROLL_NOTCH_PIXELS, CuaAction, Display
from .cua_loop import CuaExchange, CuaProviderDefaults, CuaTurn, Screen

TOOL_VERSION = "computer_20250124"
BETA_HEADER = "computer-use-2025-01-24"
MAX_TOKENS = 1024
MAX_STORED_MESSAGES = 24  # the task message plus the latest exchanges
SCREENSHOT_OMITTED = "(an earlier screenshot, omitted)"

SYSTEM = (
    "You use a computer through the computer tool to do a task in the web browser shown on "
    "the screen. Look at each screenshot before acting. When the task is done, reply with a "
    "short final answer and no tool call. If the task cannot be done, say why and stop."
)

_CLICKS = {
    "left_click": ("click", "left"),
    "right_click": ("click", "right"),
    "middle_click": ("click", "middle"),
    "double_click": ("double_click", "left"),
}
_SCROLL = {"up": (0, -1), "down": (0, 1), "left": (-1, 0), "right": (1, 0)}


def litellm_tool(display: Display) -> dict[str, Any]:
    return {
        "type": TOOL_VERSION,
        "function": {
            "name": "computer",
            "parameters": {
                "display_width_px": int(display.model_width),
                "display_height_px": int(display.model_height),
            },
        },
    }


def _point(value: Any) -> tuple[float | None, float | None]:
    if isinstance(value, list | tuple) and len(value) == 2:
        return float(value[0]), float(value[1])
    return None, None


def parse_input(data: dict[str, Any], call_id: str | None = None) -> CuaAction:
    action = data.get("action")
    x, y = _point(data.get("coordinate"))
    if action in _CLICKS:
        kind, button = _CLICKS[action]
        return CuaAction(kind, x=x, y=y, button=button, call_id=call_id)  # type: ignore[arg-type]
    if action == "type":
        return CuaAction("type", text=str(data.get("text") or ""), call_id=call_id)
    if action == "key":
        return CuaAction("key", keys=(str(data.get("text") or ""),), call_id=call_id)
    if action == "scroll":
        dx, dy = _SCROLL.get(str(data.get("scroll_direction")), (0, 1))
        amount = float(data.get("scroll_amount") or 3) * SCROLL_NOTCH_PIXELS
        return CuaAction(
            "scroll", x=x, y=y, scroll_x=dx * amount, scroll_y=dy * amount, call_id=call_id
        )
    if action == "mouse_move":
        return CuaAction("move", x=x, y=y, call_id=call_id)
    if action == "left_click_drag":
        sx, sy = _point(data.get("start_coordinate"))
        if sx is None or sy is None or x is None or y is None:
            raise ValueError("left_click_drag needs start_coordinate and coordinate")
        return CuaAction("drag", path=((sx, sy), (x, y)), call_id=call_id)
    if action == "wait":
        return CuaAction("wait", seconds=float(data.get("duration") or 1), call_id=call_id)
    if action in ("screenshot", "cursor_position"):
        return CuaAction("screenshot", call_id=call_id)
    return CuaAction("unsupported", text=str(action), call_id=call_id)


def tool_uses(reply: LLMReply) -> list[tuple[str, dict[str, Any]]]:
    """(id, input) of every computer tool call, from litellm's tool_calls or native content."""
    uses: list[tuple[str, dict[str, Any]]] = []
    for call in reply.tool_calls:
        function = call.get("function") or {}
        if function.get("name") != "computer":
            continue
        arguments = function.get("arguments") or "{}"
        data = json.loads(arguments) if isinstance(arguments, str) else dict(arguments)
        uses.append((str(call.get("id")), data))
    if uses:
        return uses
    for block in reply.raw.get("content") or []:
        is_tool_use = isinstance(block, dict) and block.get("type") == "tool_use"
        if is_tool_use and block.get("name") == "computer":
            uses.append((str(block.get("id")), dict(block.get("input") or {})))
    return uses


def reply_text(reply: LLMReply) -> str:
    if reply.text:
        return reply.text.strip()
    parts = [
        b.get("text", "")
        for b in reply.raw.get("content") or []
        if isinstance(b, dict) and b.get("type") == "text"
    ]
    return "\n".join(parts).strip()


def stop_reason(reply: LLMReply) -> str | None:
    if reply.raw.get("stop_reason"):
        return str(reply.raw["stop_reason"])
    choices = reply.raw.get("choices") or []
    return choices[0].get("finish_reason") if choices else None


def parse_reply(reply: LLMReply) -> CuaTurn:
    try:
        uses = tool_uses(reply)
    except json.JSONDecodeError as error:
        raise ValueError(f"tool arguments are not JSON: {error}") from None
    turn = CuaTurn(text=reply_text(reply))
    turn.actions = [parse_input(data, call_id) for call_id, data in uses]
    if stop_reason(reply) == "refusal":
        turn.refusal = turn.text or "the model refused"
        turn.actions = []
    turn.done = not turn.actions and turn.refusal is None
    return turn


def _image_part(screen: Screen) -> dict[str, Any]:
    return {"type": "image_url", "image_url": {"url": screen.data_url}}


def _result_text(record: ActionRecord | None) -> str:
    if record is None or record.success:
        return "done"
    return f"error: {record.error}"


class AnthropicComputerUse(CuaProviderDefaults):
    name = "anthropic-cua"

    def request(
        self, *, model: str, task: str, screen: Screen, display: Display, state: dict[str, Any]
    ) -> LLMRequest:
        messages = list(state.get("messages") or [])
        pending: list[dict[str, Any]] = list(state.get("pending") or [])
        if not messages:
            messages = [
                {"role": "user", "content": [{"type": "text", "text": task}, _image_part(screen)]}
            ]
        else:
            for index, item in enumerate(pending):
                content: list[dict[str, Any]] = [{"type": "text", "text": item["result"]}]
                if index == len(pending) - 1:
                    content.append(_image_part(screen))
                messages.append({"role": "tool", "tool_call_id": item["id"], "content": content})
        return LLMRequest(
            model=model,
            messages=[{"role": "system", "content": SYSTEM}, *messages],
            tools=[litellm_tool(display)],
            max_tokens=MAX_TOKENS,
            extra={"extra_headers": {"anthropic-beta": BETA_HEADER}},
        )

    def parse(self, reply: LLMReply, display: Display) -> CuaTurn:
        return parse_reply(reply)

    def next_state(self, exchange: CuaExchange) -> dict[str, Any]:
        turn, records, reply = exchange.turn, exchange.records, exchange.reply
        messages = [_without_images(m) for m in exchange.request.messages[1:]]
        calls = [
            {
                "id": a.call_id,
                "type": "function",
                "function": {"name": "computer", "arguments": json.dumps(_input_of(a, reply))},
            }
            for a in turn.actions
        ]
        assistant: dict[str, Any] = {"role": "assistant", "content": turn.text or None}
        if calls:
            assistant["tool_calls"] = calls
        messages.append(assistant)
        pending = [
            {"id": a.call_id, "result": _result_text(records[i] if i < len(records) else None)}
            for i, a in enumerate(turn.actions)
        ]
        return {"messages": _trim(messages), "pending": pending}


def _input_of(action: CuaAction, reply: LLMReply) -> dict[str, Any]:
    for call_id, data in tool_uses(reply):
        if call_id == action.call_id:
            return data
    return {}


def _without_images(message: dict[str, Any]) -> dict[str, Any]:
    content = message.get("content")
    if not isinstance(content, list):
        return message
    parts = [
        {"type": "text", "text": SCREENSHOT_OMITTED} if p.get("type") == "image_url" else p
        for p in content
    ]
    return {**message, "content": parts}


def _trim(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep the task message and the newest exchanges, starting at an assistant turn so
    every tool result still follows its tool call."""
    if len(messages) <= MAX_STORED_MESSAGES:
        return messages
    tail = messages[-(MAX_STORED_MESSAGES - 1) :]
    while tail and tail[0].get("role") != "assistant":
        tail = tail[1:]
    return [messages[0], *tail]
