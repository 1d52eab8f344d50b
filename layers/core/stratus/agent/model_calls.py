"""Model calls of one step: who asked what, what came back, and what it cost."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..ports import LLM, LLMReply, LLMRequest

IMAGE_PLACEHOLDER = "(screenshot omitted from the stored prompt)"


@dataclass
class CallLog:
    purpose: str
    messages: list[dict[str, Any]]
    reply: str
    input_tokens: int
    output_tokens: int
    cost: float


@dataclass
class ModelMeter:
    """Wraps the port so every call of a step is counted and logged for the artifacts."""

    llm: LLM
    model: str
    timeout_seconds: float = 120.0
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float = 0.0
    model_calls: int = 0
    calls: list[CallLog] = field(default_factory=list)

    async def ask(
        self,
        purpose: str,
        messages: list[dict[str, Any]],
        *,
        max_tokens: int | None = None,
        schema: dict[str, Any] | None = None,
    ) -> LLMReply:
        """``schema``: the reply's JSON schema ({"name", "schema", "strict"}), if it has one."""
        request = LLMRequest(
            model=self.model,
            messages=messages,
            json_mode=True,
            response_schema=schema,
            temperature=0.0,
            max_tokens=max_tokens,
            timeout_seconds=self.timeout_seconds,
        )
        self.model_calls += 1
        reply = await self.llm.complete(request)
        self.input_tokens += reply.input_tokens
        self.output_tokens += reply.output_tokens
        self.cost += reply.cost
        self.calls.append(
            CallLog(
                purpose=purpose,
                messages=strip_images(messages),
                reply=reply.text,
                input_tokens=reply.input_tokens,
                output_tokens=reply.output_tokens,
                cost=reply.cost,
            )
        )
        return reply


def strip_images(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Messages with base64 image parts replaced by a placeholder (for stored prompts)."""
    stripped = []
    for message in messages:
        content = message.get("content")
        if isinstance(content, list):
            parts = [
                {"type": "text", "text": IMAGE_PLACEHOLDER}
                if part.get("type") == "image_url"
                else part
                for part in content
            ]
            message = {**message, "content": parts}
        stripped.append(message)
    return stripped
