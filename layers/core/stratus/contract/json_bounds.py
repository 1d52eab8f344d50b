"""Bounds on JSON input, checked without recursion: how deep containers nest and how large
a value is. Deep input is refused before any recursive parser or validator sees it."""

from __future__ import annotations

import json
import re
from typing import Any

MAX_JSON_DEPTH = 12
MAX_JSON_BYTES = 200_000
# A request body holds fields whose values nest up to MAX_JSON_DEPTH, inside a few levels of
# the body's own objects; anything deeper is refused before the body is parsed.
MAX_BODY_DEPTH = 32

# A JSON string literal; brackets inside one do not nest anything.
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")
_OPENERS = frozenset(b"[{")


def text_depth(text: str | bytes) -> int:
    """How deep the containers of JSON text nest (0 for a scalar), without parsing it.

    Malformed text gets a best-effort figure; the parser that follows refuses it anyway.
    """
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    depth = deepest = 0
    for match in _BRACKETS.finditer(_STRING.sub(b'""', data)):
        if match.group()[0] in _OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(depth - 1, 0)
    return deepest


def value_depth(value: Any, limit: int) -> int:
    """Depth of nested lists and dicts in a parsed value, stopping early once past ``limit``."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    deepest = 0
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def check_json_value(value: Any) -> Any:
    """``value`` if it nests at most MAX_JSON_DEPTH deep and serializes within MAX_JSON_BYTES."""
    if value_depth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels")
    size = len(json.dumps(value, ensure_ascii=False, default=str))
    if size > MAX_JSON_BYTES:
        raise ValueError(f"larger than {MAX_JSON_BYTES} bytes when serialized")
    return value


def parse_json_text(text: str) -> Any:
    """JSON text parsed within the bounds, or ValueError saying which bound or where it broke."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_JSON_BYTES:
        raise ValueError(f"larger than {MAX_JSON_BYTES} bytes")
    if text_depth(text) > MAX_JSON_DEPTH:
        raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ValueError(f"looks like JSON but is not valid JSON: {exc}") from None
