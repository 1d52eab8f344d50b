"""``extra_http_headers``: names and values the browser can send as they are.

Names are RFC 9110 tokens; values are visible ASCII, obs-text (U+0080 to U+00FF), spaces and
tabs inside, with no CR, LF, NUL or other control character, so no value can split a request.
Headers that frame the request or pick the connection are the browser's own to set.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, WithJsonSchema

MAX_HEADER_COUNT = 50
MAX_HEADER_NAME_CHARS = 256
MAX_HEADER_VALUE_CHARS = 8192
MAX_HEADERS_TOTAL_CHARS = 32_768

# RFC 9110 section 5.6.2 token, and section 5.5 field-value (without the surrounding spaces).
TOKEN_PATTERN = rf"^[!#$%&'*+\-.^_`|~0-9A-Za-z]{{1,{MAX_HEADER_NAME_CHARS}}}$"
FIELD_VALUE_PATTERN = r"^([!-~\x80-\xff]([ \t!-~\x80-\xff]*[!-~\x80-\xff])?)?$"

RESERVED_HEADERS = frozenset(
    {
        "connection",
        "content-length",
        "expect",
        "host",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)


def _any_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else f"\\{c}" for c in word)


# The reserved names as a pattern the document can state (no lookaround, any letter case).
RESERVED_PATTERN = "^(" + "|".join(_any_case(name) for name in sorted(RESERVED_HEADERS)) + ")$"
_VISIBLE = frozenset(range(0x21, 0x7F)) | frozenset(range(0x80, 0x100))


def _check_name(name: str) -> str:
    if name.lower() in RESERVED_HEADERS:
        raise ValueError(f"{name!r} is set by the browser itself and cannot be sent")
    return name


def _check_value(value: str) -> str:
    for index, char in enumerate(value):
        code = ord(char)
        if code in _VISIBLE or (char in " \t" and 0 < index < len(value) - 1):
            continue
        if char in " \t":
            raise ValueError("a header value must not start or end with a space or tab")
        shown = f"U+{code:04X}"
        if code > 0xFF:
            raise ValueError(f"character {shown} cannot be sent in a header (only Latin-1)")
        raise ValueError(f"control character {shown} is not allowed in a header value")
    return value


def _check_map(headers: dict[str, str | None]) -> dict[str, str | None]:
    seen: set[str] = set()
    total = 0
    for name, value in headers.items():
        folded = name.lower()
        if folded in seen:
            raise ValueError(f"header {name!r} is given twice (names are case-insensitive)")
        seen.add(folded)
        total += len(name) + len(value or "")
    if total > MAX_HEADERS_TOTAL_CHARS:
        raise ValueError(f"the headers are longer than {MAX_HEADERS_TOTAL_CHARS} characters")
    return headers


HeaderName = Annotated[
    str,
    StringConstraints(pattern=TOKEN_PATTERN),
    AfterValidator(_check_name),
]
HeaderValue = Annotated[
    str, StringConstraints(max_length=MAX_HEADER_VALUE_CHARS), AfterValidator(_check_value)
]
# The document states the rules on names and values as JSON Schema can.
HEADER_MAP_SCHEMA = {
    "type": "object",
    "maxProperties": MAX_HEADER_COUNT,
    "propertyNames": {"pattern": TOKEN_PATTERN, "not": {"pattern": RESERVED_PATTERN}},
    "additionalProperties": {
        "anyOf": [
            {"type": "string", "maxLength": MAX_HEADER_VALUE_CHARS, "pattern": FIELD_VALUE_PATTERN},
            {"type": "null"},
        ]
    },
    "description": "Headers the browser sends with every request of the run.",
}
HeaderMap = Annotated[
    dict[HeaderName, HeaderValue | None],
    Field(max_length=MAX_HEADER_COUNT),
    AfterValidator(_check_map),
    WithJsonSchema(HEADER_MAP_SCHEMA),
]
