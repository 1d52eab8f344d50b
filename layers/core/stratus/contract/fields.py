"""Field types shared by the request models: URLs, proxy locations, bounded JSON values.

Every type here rejects bad input with a message that says what was expected, so the
422 a client gets names the field and the rule it broke.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
)

MAX_URL_CHARS = 2048
MAX_PROMPT_CHARS = 20_000
MAX_SHORT_TEXT_CHARS = 1_000
MAX_JSON_DEPTH = 12
MAX_JSON_BYTES = 200_000
MAX_HEADER_COUNT = 50
MAX_STEPS_LIMIT = 100
MAX_ITERATIONS_LIMIT = 50


class ProxyLocationName(StrEnum):
    RESIDENTIAL = "RESIDENTIAL"
    US_CA = "US-CA"
    US_NY = "US-NY"
    US_TX = "US-TX"
    US_FL = "US-FL"
    US_WA = "US-WA"
    RESIDENTIAL_ES = "RESIDENTIAL_ES"
    RESIDENTIAL_IE = "RESIDENTIAL_IE"
    RESIDENTIAL_GB = "RESIDENTIAL_GB"
    RESIDENTIAL_IN = "RESIDENTIAL_IN"
    RESIDENTIAL_JP = "RESIDENTIAL_JP"
    RESIDENTIAL_FR = "RESIDENTIAL_FR"
    RESIDENTIAL_DE = "RESIDENTIAL_DE"
    RESIDENTIAL_NZ = "RESIDENTIAL_NZ"
    RESIDENTIAL_ZA = "RESIDENTIAL_ZA"
    RESIDENTIAL_AR = "RESIDENTIAL_AR"
    RESIDENTIAL_AU = "RESIDENTIAL_AU"
    RESIDENTIAL_BR = "RESIDENTIAL_BR"
    RESIDENTIAL_TR = "RESIDENTIAL_TR"
    RESIDENTIAL_CA = "RESIDENTIAL_CA"
    RESIDENTIAL_MX = "RESIDENTIAL_MX"
    RESIDENTIAL_IT = "RESIDENTIAL_IT"
    RESIDENTIAL_NL = "RESIDENTIAL_NL"
    RESIDENTIAL_PH = "RESIDENTIAL_PH"
    RESIDENTIAL_KR = "RESIDENTIAL_KR"
    RESIDENTIAL_SA = "RESIDENTIAL_SA"
    RESIDENTIAL_ISP = "RESIDENTIAL_ISP"
    NONE = "NONE"


class RunWith(StrEnum):
    agent = "agent"
    code = "code"


class GeoTarget(BaseModel):
    """Granular proxy targeting: ISO country, optional subdivision and city."""

    model_config = ConfigDict(extra="ignore")

    country: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
    subdivision: Annotated[str, StringConstraints(min_length=1, max_length=10)] | None = None
    city: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None


def _proxy_kind(value: Any) -> str:
    return "geo_target" if isinstance(value, dict | GeoTarget) else "location_name"


def _normalize_proxy_name(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


ProxyLocation = Annotated[
    Annotated[ProxyLocationName, BeforeValidator(_normalize_proxy_name), Tag("location_name")]
    | Annotated[GeoTarget, Tag("geo_target")],
    Discriminator(_proxy_kind),
]


def _check_http_url(value: str) -> str:
    value = value.strip()
    if len(value) > MAX_URL_CHARS:
        raise ValueError(f"URL is longer than {MAX_URL_CHARS} characters")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"not a valid URL: {exc}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError("must be an absolute http:// or https:// URL")
    if not parts.hostname:
        raise ValueError("must be an absolute http:// or https:// URL with a host")
    if port == 0:
        raise ValueError("URL port must be between 1 and 65535")
    if any(ch.isspace() for ch in value) or any(ord(ch) < 32 for ch in value):
        raise ValueError("URL must not contain whitespace or control characters")
    return value


def _check_cdp_address(value: str) -> str:
    value = value.strip()
    if len(value) > MAX_URL_CHARS:
        raise ValueError(f"address is longer than {MAX_URL_CHARS} characters")
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https", "ws", "wss") or not parts.hostname:
        raise ValueError("must be an http(s):// or ws(s):// address of a Chrome DevTools endpoint")
    return value


def _json_depth(value: Any, limit: int) -> int:
    """Depth of nested containers, stopping early once past ``limit``."""
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


def _check_json_value(value: Any) -> Any:
    if _json_depth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels")
    size = len(json.dumps(value, ensure_ascii=False, default=str))
    if size > MAX_JSON_BYTES:
        raise ValueError(f"larger than {MAX_JSON_BYTES} bytes when serialized")
    return value


def _check_schema(value: Any) -> Any:
    """A JSON schema (object), or a plain-text description of the data wanted (string)."""
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) > MAX_PROMPT_CHARS:
            raise ValueError(f"longer than {MAX_PROMPT_CHARS} characters")
        text = value.strip()
        if text.startswith(("{", "[")):
            try:
                value = json.loads(text)
            except ValueError:
                return value
        else:
            return value
    if not isinstance(value, dict | list):
        raise ValueError("must be a JSON schema object, a list, or a text description")
    return _check_json_value(value)


def _empty_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


HttpUrlStr = Annotated[str, AfterValidator(_check_http_url)]
OptionalHttpUrl = Annotated[HttpUrlStr | None, BeforeValidator(_empty_to_none)]
CdpAddress = Annotated[str, AfterValidator(_check_cdp_address)]
Prompt = Annotated[str, StringConstraints(max_length=MAX_PROMPT_CHARS)]
RequiredPrompt = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PROMPT_CHARS)
]
ShortText = Annotated[str, StringConstraints(max_length=MAX_SHORT_TEXT_CHARS)]
JsonValue = Annotated[Any, AfterValidator(_check_json_value)]
ExtractionSchema = Annotated[Any, AfterValidator(_check_schema)]
ErrorCodeMapping = Annotated[
    dict[
        Annotated[str, StringConstraints(min_length=1, max_length=200)],
        Annotated[str, StringConstraints(max_length=MAX_SHORT_TEXT_CHARS)] | None,
    ],
    Field(max_length=100),
]
HeaderMap = Annotated[
    dict[
        Annotated[str, StringConstraints(pattern=r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,256}$")],
        Annotated[str, StringConstraints(max_length=8192)] | None,
    ],
    Field(max_length=MAX_HEADER_COUNT),
]
MaxSteps = Annotated[int, Field(ge=1, le=MAX_STEPS_LIMIT, strict=False)]
ScreenshotScrolls = Annotated[int, Field(ge=0, le=100)]
