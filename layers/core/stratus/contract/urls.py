"""URL rules of the request fields, stated once: the pattern the server enforces is the
pattern the API document publishes, next to the length limit and the ``iri`` format."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

MAX_URL_CHARS = 2048

_PORT = r"(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"
_VISIBLE = r"[^\s\x00-\x1f\x7f]"
_USERINFO = r"[^\s\x00-\x1f\x7f/?#@\[\]\\]+@"
_H16 = "[0-9A-Fa-f]{1,4}"
_OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_IPV4 = rf"({_OCTET}\.){{3}}{_OCTET}"
_IPV6 = (
    f"(({_H16}:){{7}}{_H16}|({_H16}:){{1,7}}:|({_H16}:){{1,6}}:{_H16}"
    f"|({_H16}:){{1,5}}(:{_H16}){{1,2}}|({_H16}:){{1,4}}(:{_H16}){{1,3}}"
    f"|({_H16}:){{1,3}}(:{_H16}){{1,4}}|({_H16}:){{1,2}}(:{_H16}){{1,5}}"
    f"|{_H16}:(:{_H16}){{1,6}}|:((:{_H16}){{1,7}}|:)"
    f"|::([Ff]{{4}}(:0{{1,4}})?:)?{_IPV4}|({_H16}:){{1,4}}:{_IPV4})"
)
_HOST = rf"([^\s\x00-\x1f\x7f/?#@:\[\]\\]+|\[{_IPV6}\])"
_REST = rf"(:{_PORT})?([/?#]{_VISIBLE}*)?$"


def _scheme(*names: str) -> str:
    spelled = ["".join(f"[{c.upper()}{c.lower()}]" for c in name) for name in names]
    return "(" + "|".join(spelled) + ")"


HTTP_URL_PATTERN = rf"^{_scheme('https', 'http')}://({_USERINFO})?{_HOST}{_REST}"
CDP_ADDRESS_PATTERN = rf"^{_scheme('https', 'http', 'wss', 'ws')}://({_USERINFO})?{_HOST}{_REST}"
BLANK_PATTERN = r"^\s*$"

_HTTP_URL = re.compile(HTTP_URL_PATTERN)
_CDP_ADDRESS = re.compile(CDP_ADDRESS_PATTERN)


def url_schema(pattern: str, description: str) -> dict[str, Any]:
    return {
        "type": "string",
        "format": "iri",
        "maxLength": MAX_URL_CHARS,
        "pattern": pattern,
        "description": description,
    }


HTTP_URL_SCHEMA = url_schema(HTTP_URL_PATTERN, "An absolute http:// or https:// URL.")
CDP_ADDRESS_SCHEMA = url_schema(
    CDP_ADDRESS_PATTERN, "The http(s):// or ws(s):// address of a Chrome DevTools endpoint."
)
# An optional URL may also be sent blank, which means none.
OPTIONAL_HTTP_URL_SCHEMA = {
    "anyOf": [HTTP_URL_SCHEMA, {"type": "string", "pattern": BLANK_PATTERN}, {"type": "null"}]
}


def _check(value: str, pattern: re.Pattern[str], schemes: tuple[str, ...], what: str) -> str:
    value = value.strip()
    if len(value) > MAX_URL_CHARS:
        raise ValueError(f"{what} is longer than {MAX_URL_CHARS} characters")
    if any(ch.isspace() for ch in value) or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValueError(f"{what} must not contain whitespace or control characters")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"not a valid {what}: {exc}") from None
    if parts.scheme.lower() not in schemes or not parts.hostname:
        listed = " or ".join(f"{scheme}://" for scheme in schemes)
        raise ValueError(f"must be an absolute {listed} {what} with a host")
    if port == 0:
        raise ValueError(f"{what} port must be between 1 and 65535")
    if not pattern.fullmatch(value):
        raise ValueError(f"{what} does not match the pattern {pattern.pattern}")
    return value


def check_http_url(value: str) -> str:
    return _check(value, _HTTP_URL, ("http", "https"), "URL")


def check_cdp_address(value: str) -> str:
    return _check(value, _CDP_ADDRESS, ("http", "https", "ws", "wss"), "address")
