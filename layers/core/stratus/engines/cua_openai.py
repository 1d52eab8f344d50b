"""OpenAI computer use (``computer-use-preview`` on the Responses API).

Wire format followed (OpenAI "Computer use" guide and the Responses API reference):
- tool ``{"type": "computer_use_preview", "display_width", "display_height",
  "environment": "browser"}``, with ``truncation: "auto"``;
- the reply's ``output`` holds ``computer_call`` items ``{call_id, action,
  pending_safety_checks}`` where ``action.type`` is click (x, y, button), double_click,
  scroll (x, y, scroll_x, scroll_y), type (text), keypress (keys), wait, screenshot,
  drag (path of {x, y}) or move; ``message`` items carry the text (``output_text`` or
  ``refusal`` parts); ``reasoning`` items carry summaries;
- the next turn sends ``computer_call_output`` items ``{call_id, output: {type:
  "input_image", image_url: data URL}, current_url}`` with ``previous_response_id``.
A reply without a ``computer_call`` means the model is done (or asks the user something,
which a headless run cannot answer): its text is the final answer.
"""

from __future__ import annotations

from typing import Any

from ..ports import LLMReply, LLMRequest
from .cua_actions import CuaAction, Display
from .cua_loop import CuaExchange, CuaProviderDefaults, CuaTurn, Screen

RESPONSES_API = {"api": "responses"}
WAIT_SECONDS = 1.0


def computer_tool(display: Display) -> dict[str, Any]:
    return {
        "type": "computer_use_preview",
        "display_width": int(display.model_width),
        "display_height": int(display.model_height),
        "environment": "browser",
    }


def first_input(task: str, screen: Screen) -> list[dict[str, Any]]:
    return [
        {
            "role": "user",
            "content": [
                {"type": "input_text", "text": task},
                {"type": "input_image", "image_url": screen.data_url},
            ],
        }
    ]


def call_outputs(call_ids: list[str], screen: Screen) -> list[dict[str, Any]]:
    return [
        {
            "type": "computer_call_output",
            "call_id": call_id,
            "output": {"type": "input_image", "image_url": screen.data_url},
            "current_url": screen.url,
        }
        for call_id in call_ids
    ]


def parse_action(action: dict[str, Any], call_id: str | None = None) -> CuaAction:
    kind = action.get("type")
    x, y = action.get("x"), action.get("y")
    if kind == "click":
        return CuaAction("click", x=x, y=y, button=action.get("button") or "left", call_id=call_id)
    if kind == "double_click":
        return CuaAction("double_click", x=x, y=y, call_id=call_id)
    if kind == "scroll":
        return CuaAction(
            "scroll",
            x=x,
            y=y,
            scroll_x=float(action.get("scroll_x") or 0),
            scroll_y=float(action.get("scroll_y") or 0),
            call_id=call_id,
        )
    if kind == "type":
        return CuaAction("type", text=str(action.get("text") or ""), call_id=call_id)
    if kind == "keypress":
        return CuaAction("key", keys=tuple(action.get("keys") or ()), call_id=call_id)
    if kind == "wait":
        return CuaAction("wait", seconds=WAIT_SECONDS, call_id=call_id)
    if kind == "screenshot":
        return CuaAction("screenshot", call_id=call_id)
    if kind == "move":
        return CuaAction("move", x=x, y=y, call_id=call_id)
    if kind == "drag":
        path = tuple((float(p["x"]), float(p["y"])) for p in action.get("path") or ())
        return CuaAction("drag", path=path, call_id=call_id)
    return CuaAction("unsupported", text=str(kind), call_id=call_id)


def parse_response(raw: dict[str, Any]) -> CuaTurn:
    output = raw.get("output")
    if not isinstance(output, list):
        raise ValueError("the response has no output list")
    turn = CuaTurn()
    texts: list[str] = []
    checks: list[str] = []
    for item in output:
        kind = item.get("type")
        if kind == "computer_call":
            call_id = item.get("call_id")
            if not call_id or not isinstance(item.get("action"), dict):
                raise ValueError("a computer_call without call_id or action")
            turn.actions.append(parse_action(item["action"], call_id))
            checks.extend(
                f"{c.get('code', 'check')}: {c.get('message', '')}".strip()
                for c in item.get("pending_safety_checks") or []
            )
        elif kind == "message":
            for part in item.get("content") or []:
                if part.get("type") == "refusal":
                    turn.refusal = part.get("refusal") or "the model refused"
                elif part.get("type") == "output_text":
                    texts.append(part.get("text") or "")
        elif kind == "reasoning":
            texts.extend(s.get("text", "") for s in item.get("summary") or [])
    turn.text = "\n".join(t for t in texts if t).strip()
    if checks:
        turn.safety_check = "; ".join(checks)
    turn.done = not turn.actions and turn.refusal is None
    return turn


class OpenAIComputerUse(CuaProviderDefaults):
    name = "openai-cua"

    def request(
        self, *, model: str, task: str, screen: Screen, display: Display, state: dict[str, Any]
    ) -> LLMRequest:
        previous = state.get("previous_response_id")
        pending = list(state.get("pending_call_ids") or [])
        extra: dict[str, Any] = {**RESPONSES_API, "truncation": "auto"}
        if previous and pending:
            extra["previous_response_id"] = previous
            extra["input"] = call_outputs(pending, screen)
        else:
            extra["input"] = first_input(task, screen)
        return LLMRequest(model=model, messages=[], tools=[computer_tool(display)], extra=extra)

    def parse(self, reply: LLMReply, display: Display) -> CuaTurn:
        return parse_response(reply.raw)

    def next_state(self, exchange: CuaExchange) -> dict[str, Any]:
        return {
            "previous_response_id": exchange.reply.raw.get("id"),
            "pending_call_ids": [a.call_id for a in exchange.turn.actions if a.call_id],
        }

    def extraction_extra(self) -> dict[str, Any]:
        return dict(RESPONSES_API)
