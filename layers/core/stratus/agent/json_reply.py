"""Turning a model's text into validated JSON, with one repair round-trip to the model."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .model_calls import ModelMeter

T = TypeVar("T")

_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")


class InvalidReply(Exception):
    """The reply could not be used; ``kind`` says how it failed, ``detail`` says where."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


class ReplyFailed(Exception):
    """Still invalid after the repair attempt; the message is the step's failure reason."""


def load_json_object(text: str) -> dict[str, Any]:
    """Parse the object in a reply, tolerating code fences and prose around it."""
    cleaned = _FENCE.sub("", text.strip())
    try:
        value = json.loads(cleaned)
    except json.JSONDecodeError as first_error:
        start, end = cleaned.find("{"), cleaned.rfind("}")
        if start < 0 or end <= start:
            raise InvalidReply("not valid JSON", _describe(first_error)) from None
        try:
            value = json.loads(cleaned[start : end + 1])
        except json.JSONDecodeError as error:
            raise InvalidReply("not valid JSON", _describe(error)) from None
    if not isinstance(value, dict):
        raise InvalidReply("not valid JSON", f"expected an object, got {type(value).__name__}")
    return value


def _describe(error: json.JSONDecodeError) -> str:
    return f"{error.msg} at line {error.lineno} column {error.colno}"


def describe_validation_error(error: ValidationError, limit: int = 3) -> str:
    parts = []
    for item in error.errors()[:limit]:
        where = ".".join(str(p) for p in item["loc"]) or "(root)"
        parts.append(f"{where}: {item['msg']}")
    more = len(error.errors()) - limit
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def model_parser(model: type[BaseModel]) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        data = load_json_object(text)
        try:
            return model.model_validate(data)
        except ValidationError as error:
            raise InvalidReply(
                "did not match the schema", describe_validation_error(error)
            ) from None

    return parse


async def ask_json(
    meter: ModelMeter,
    purpose: str,
    messages: list[dict[str, Any]],
    parse: Callable[[str], T],
    *,
    label: str = "model reply",
    max_tokens: int | None = None,
    schema: dict[str, Any] | None = None,
) -> T:
    """Ask, parse; on failure send the error back once; then raise ReplyFailed."""
    reply = await meter.ask(purpose, messages, max_tokens=max_tokens, schema=schema)
    try:
        return parse(reply.text)
    except InvalidReply as error:
        repair = [
            *messages,
            {"role": "assistant", "content": reply.text or "(empty reply)"},
            {
                "role": "user",
                "content": f"Your reply was {error.kind} ({error.detail}). "
                "Answer again with only the corrected JSON object.",
            },
        ]
    reply = await meter.ask(f"{purpose}:repair", repair, max_tokens=max_tokens, schema=schema)
    try:
        return parse(reply.text)
    except InvalidReply as error:
        raise ReplyFailed(f"{label} was {error.kind} after one repair: {error.detail}") from None
