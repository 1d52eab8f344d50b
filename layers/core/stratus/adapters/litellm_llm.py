"""The LLM port over litellm: any provider, retries with backoff, structured output (a JSON
schema) where supported, JSON mode plus the schema in the prompt elsewhere."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import litellm
from litellm.exceptions import (
    APIConnectionError,
    InternalServerError,
    RateLimitError,
    ServiceUnavailableError,
    Timeout,
)

from ..ports import LLMError, LLMReply, LLMRequest

log = logging.getLogger(__name__)
litellm.suppress_debug_info = True  # no provider banners on stdout for unknown models

RETRYABLE_ERRORS: tuple[type[Exception], ...] = (
    RateLimitError,
    APIConnectionError,
    Timeout,
    ServiceUnavailableError,
    InternalServerError,
)


def supports_vision(model: str) -> bool:
    try:
        return bool(litellm.supports_vision(model=model))
    except Exception:  # an unknown model: text only
        return False


def supports_json_mode(model: str) -> bool:
    try:
        params = litellm.get_supported_openai_params(model=model) or []
    except Exception:  # an unknown model: don't send what it may reject
        return False
    return "response_format" in params


def supports_response_schema(model: str) -> bool:
    try:
        return bool(litellm.supports_response_schema(model=model))
    except Exception:  # an unknown model: fall back to JSON mode and the prompt
        return False


def schema_in_prompt(
    messages: list[dict[str, Any]], schema: dict[str, Any]
) -> list[dict[str, Any]]:
    """The messages with the reply's JSON schema added to the system message (or first)."""
    note = "Your reply is ONE JSON object matching this JSON schema: " + json.dumps(
        schema, separators=(",", ":"), ensure_ascii=False
    )
    if messages and messages[0].get("role") == "system":
        first = messages[0]
        content = first.get("content")
        if isinstance(content, str):
            return [{**first, "content": f"{content}\n{note}"}, *messages[1:]]
        if isinstance(content, list):
            return [{**first, "content": [*content, {"type": "text", "text": note}]}, *messages[1:]]
    return [{"role": "system", "content": note}, *messages]


class LiteLLM:
    def __init__(
        self,
        *,
        max_retries: int = 3,
        backoff_seconds: float = 1.0,
        max_backoff_seconds: float = 30.0,
        acompletion: Callable[..., Awaitable[Any]] | None = None,
        aresponses: Callable[..., Awaitable[Any]] | None = None,
    ) -> None:
        self._acompletion = acompletion or litellm.acompletion
        self.aresponses = aresponses  # None: litellm.aresponses
        self.max_retries = max_retries
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds

    def _arguments(self, request: LLMRequest) -> dict[str, Any]:
        arguments: dict[str, Any] = {
            "model": request.model,
            "messages": request.messages,
            "timeout": request.timeout_seconds,
            "num_retries": 0,  # retries are ours, with backoff
        }
        if request.temperature is not None:
            arguments["temperature"] = request.temperature
        if request.max_tokens is not None:
            arguments["max_tokens"] = request.max_tokens
        if request.tools:
            arguments["tools"] = request.tools
        schema = request.response_schema
        if schema is not None and supports_response_schema(request.model):
            arguments["response_format"] = {"type": "json_schema", "json_schema": schema}
        elif request.json_mode or schema is not None:
            if supports_json_mode(request.model):
                arguments["response_format"] = {"type": "json_object"}
            if schema is not None:
                arguments["messages"] = schema_in_prompt(request.messages, schema["schema"])
        arguments.update(request.extra)
        return arguments

    def sees_images(self, model: str) -> bool:
        return supports_vision(model)

    async def complete(self, request: LLMRequest) -> LLMReply:
        if request.extra.get("api") == "responses":  # OpenAI computer use
            from .litellm_cua import responses_complete

            return await responses_complete(
                request,
                max_retries=self.max_retries,
                backoff_seconds=self.backoff_seconds,
                max_backoff_seconds=self.max_backoff_seconds,
                aresponses=self.aresponses,
                retryable=RETRYABLE_ERRORS,
            )
        arguments = self._arguments(request)
        attempt = 0
        while True:
            try:
                response = await self._acompletion(**arguments)
                return _to_reply(response)
            except RETRYABLE_ERRORS as error:
                if attempt >= self.max_retries:
                    raise LLMError(
                        f"{request.model}: {type(error).__name__} after {attempt + 1} attempts: "
                        f"{_short(error)}"
                    ) from error
                delay = min(self.backoff_seconds * 2**attempt, self.max_backoff_seconds)
                log.warning(
                    "model call failed (%s); retrying in %.1fs", type(error).__name__, delay
                )
                attempt += 1
                await asyncio.sleep(delay)
            except Exception as error:  # raised again as LLMError with the reason
                raise LLMError(
                    f"{request.model}: {type(error).__name__}: {_short(error)}"
                ) from error


def _short(error: Exception, limit: int = 300) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _to_reply(response: Any) -> LLMReply:
    message = response.choices[0].message
    tool_calls = [
        call.model_dump() if hasattr(call, "model_dump") else dict(call)
        for call in (getattr(message, "tool_calls", None) or [])
    ]
    usage = getattr(response, "usage", None)
    try:
        cost = float(litellm.completion_cost(completion_response=response) or 0.0)
    except Exception:  # models without a price in the cost map
        cost = 0.0
    return LLMReply(
        text=message.content or "",
        tool_calls=tool_calls,
        input_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
        output_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        cost=cost,
        model=getattr(response, "model", None),
        raw=response.model_dump() if hasattr(response, "model_dump") else {},
    )
