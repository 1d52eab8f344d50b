"""Scripted computer-use models: replies in each provider's wire format, with coordinates
computed from the live page's element boxes (as a model would read them off the screen)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from stratus.agent.prompt import EXTRACT_MARKER
from stratus.ports import LLMError, LLMReply, LLMRequest

ActFn = Callable[[LLMRequest], Awaitable[LLMReply]]
ExtractFn = Callable[[str], Any]


async def center(page: Any, selector: str) -> tuple[float, float]:
    box = await page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not visible"
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


class ScriptedCua:
    """Computer-use calls play ``acts`` in order; plain extraction calls go to ``extract``."""

    def __init__(self, acts: list[ActFn], *, extract: ExtractFn | None = None) -> None:
        self.acts = list(acts)
        self.extract = extract
        self.requests: list[LLMRequest] = []
        self.purposes: list[str] = []

    def sees_images(self, model: str) -> bool:
        return False  # prompts carry text only, as for a model litellm does not know

    async def complete(self, request: LLMRequest) -> LLMReply:
        self.requests.append(request)
        first = request.messages[0] if request.messages else {}
        if first.get("role") == "system" and str(first.get("content")).startswith(EXTRACT_MARKER):
            self.purposes.append("extract")
            assert self.extract is not None, "no scripted extraction"
            output = self.extract(str(request.messages[-1]["content"]))
            text = json.dumps({"output": output})
            return LLMReply(text=text, input_tokens=50, output_tokens=len(text) // 4)
        self.purposes.append("act")
        if not self.acts:
            raise LLMError("the scripted replies ran out")
        return await self.acts.pop(0)(request)

    def act_requests(self) -> list[LLMRequest]:
        return [r for r, p in zip(self.requests, self.purposes, strict=True) if p == "act"]


# -- OpenAI Responses API ---------------------------------------------------------------
def openai_response(
    response_id: str,
    *,
    calls: list[tuple[str, dict[str, Any]]] = (),  # type: ignore[assignment]
    text: str | None = None,
    refusal: str | None = None,
    safety_checks: list[dict[str, str]] | None = None,
) -> LLMReply:
    output: list[dict[str, Any]] = [
        {
            "type": "reasoning",
            "id": f"rs_{response_id}",
            "summary": [{"type": "summary_text", "text": "Looking at the screen."}],
        }
    ]
    for call_id, action in calls:
        output.append(
            {
                "type": "computer_call",
                "id": f"cu_{call_id}",
                "call_id": call_id,
                "action": action,
                "pending_safety_checks": safety_checks or [],
                "status": "completed",
            }
        )
    if text is not None or refusal is not None:
        part = (
            {"type": "refusal", "refusal": refusal}
            if refusal is not None
            else {"type": "output_text", "text": text, "annotations": []}
        )
        output.append(
            {
                "type": "message",
                "id": f"msg_{response_id}",
                "role": "assistant",
                "status": "completed",
                "content": [part],
            }
        )
    raw = {
        "id": response_id,
        "object": "response",
        "model": "computer-use-preview-2025-03-11",
        "status": "completed",
        "output": output,
        "usage": {"input_tokens": 1200, "output_tokens": 40, "total_tokens": 1240},
    }
    return LLMReply(
        text=text or "",
        input_tokens=1200,
        output_tokens=40,
        cost=0.0042,
        model=raw["model"],
        raw=raw,
    )


# -- Anthropic through litellm (OpenAI-shaped tool_calls) --------------------------------
def anthropic_reply(
    *, uses: list[tuple[str, dict[str, Any]]] = (), text: str = "", stop: str | None = None
) -> LLMReply:  # type: ignore[assignment]
    tool_calls = [
        {
            "id": use_id,
            "type": "function",
            "function": {"name": "computer", "arguments": json.dumps(data)},
        }
        for use_id, data in uses
    ]
    finish = stop or ("tool_calls" if uses else "stop")
    raw = {
        "id": "chatcmpl-scripted",
        "model": "claude-3-7-sonnet-20250219",
        "object": "chat.completion",
        "choices": [
            {
                "index": 0,
                "finish_reason": finish,
                "message": {"role": "assistant", "content": text or None, "tool_calls": tool_calls},
            }
        ],
        "usage": {"prompt_tokens": 1500, "completion_tokens": 60, "total_tokens": 1560},
    }
    return LLMReply(
        text=text,
        tool_calls=tool_calls,
        input_tokens=1500,
        output_tokens=60,
        cost=0.0054,
        model=raw["model"],
        raw=raw,
    )


# -- UI-TARS (plain text) ----------------------------------------------------------------
def uitars_reply(text: str) -> LLMReply:
    return LLMReply(text=text, input_tokens=900, output_tokens=len(text) // 4, cost=0.0)


def relative(page: Any, point: tuple[float, float]) -> tuple[int, int]:
    """A page point in UI-TARS's 0..1000 space."""
    size = page.viewport_size
    return round(point[0] / size["width"] * 1000), round(point[1] / size["height"] * 1000)
