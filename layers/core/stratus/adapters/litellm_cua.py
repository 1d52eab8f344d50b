"""OpenAI's computer use lives on the Responses API: the LLM port's path to ``litellm.aresponses``.

A request with ``extra["api"] == "responses"`` comes here. ``extra["input"]`` carries
Responses input items as they are (computer_call_output and so on); without it the chat
``messages`` are converted (system -> instructions, text -> input_text, images ->
input_image). The reply keeps the whole response in ``raw``; ``tool_calls`` holds its
``computer_call`` items and ``text`` its output text.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import litellm

from ..ports import LLMError, LLMReply, LLMRequest

log = logging.getLogger(__name__)

PASSED_THROUGH = ("previous_response_id", "truncation", "reasoning", "include", "store")


def messages_to_input(messages: list[dict[str, Any]]) -> tuple[str | None, list[dict[str, Any]]]:
    """(instructions, input items) from chat messages."""
    instructions: list[str] = []
    items: list[dict[str, Any]] = []
    for message in messages:
        role = message.get("role", "user")
        content = message.get("content")
        if role == "system":
            instructions.append(content if isinstance(content, str) else _joined_text(content))
            continue
        text_type = "output_text" if role == "assistant" else "input_text"
        parts: list[dict[str, Any]]
        if isinstance(content, str):
            parts = [{"type": text_type, "text": content}]
        else:
            parts = []
            for part in content or []:
                if part.get("type") == "text":
                    parts.append({"type": text_type, "text": part.get("text", "")})
                elif part.get("type") == "image_url":
                    url = part.get("image_url")
                    url = url.get("url") if isinstance(url, dict) else url
                    parts.append({"type": "input_image", "image_url": url})
        items.append({"role": role, "content": parts})
    return ("\n\n".join(instructions) or None), items


def _joined_text(content: Any) -> str:
    return "\n".join(p.get("text", "") for p in content or [] if p.get("type") == "text")


def responses_arguments(request: LLMRequest) -> dict[str, Any]:
    extra = request.extra
    arguments: dict[str, Any] = {"model": request.model, "timeout": request.timeout_seconds}
    if extra.get("input") is not None:
        arguments["input"] = extra["input"]
    else:
        instructions, items = messages_to_input(request.messages)
        arguments["input"] = items
        if instructions:
            arguments["instructions"] = instructions
    if request.tools:
        arguments["tools"] = request.tools
    if request.max_tokens is not None:
        arguments["max_output_tokens"] = request.max_tokens
    if request.temperature is not None and not request.tools:
        arguments["temperature"] = request.temperature
    for key in PASSED_THROUGH:
        if extra.get(key) is not None:
            arguments[key] = extra[key]
    return arguments


def reply_from_response(response: Any) -> LLMReply:
    raw = response.model_dump() if hasattr(response, "model_dump") else dict(response)
    output = raw.get("output") or []
    texts = [
        part.get("text", "")
        for item in output
        if item.get("type") == "message"
        for part in item.get("content") or []
        if part.get("type") == "output_text"
    ]
    usage = raw.get("usage") or {}
    try:
        cost = float(litellm.completion_cost(completion_response=response) or 0.0)
    except Exception:  # models without a price in the cost map
        cost = 0.0
    return LLMReply(
        text="".join(texts),
        tool_calls=[item for item in output if item.get("type") == "computer_call"],
        input_tokens=int(usage.get("input_tokens") or 0),
        output_tokens=int(usage.get("output_tokens") or 0),
        cost=cost,
        model=raw.get("model"),
        raw=raw,
    )


async def responses_complete(
    request: LLMRequest,
    *,
    max_retries: int = 3,
    backoff_seconds: float = 1.0,
    max_backoff_seconds: float = 30.0,
    aresponses: Callable[..., Awaitable[Any]] | None = None,
    retryable: tuple[type[Exception], ...] = (),
) -> LLMReply:
    call = aresponses or litellm.aresponses
    arguments = responses_arguments(request)
    attempt = 0
    while True:
        try:
            return reply_from_response(await call(**arguments))
        except retryable as error:
            if attempt >= max_retries:
                raise LLMError(
                    f"{request.model}: {type(error).__name__} after {attempt + 1} attempts"
                ) from error
            delay = min(backoff_seconds * 2**attempt, max_backoff_seconds)
            log.warning(
                "responses call failed (%s); retrying in %.1fs", type(error).__name__, delay
            )
            attempt += 1
            await asyncio.sleep(delay)
        except Exception as error:  # raised again as LLMError with the reason
            raise LLMError(f"{request.model}: {type(error).__name__}: {error}") from error
