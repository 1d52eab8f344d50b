"""Field types shared by the request models: URLs, proxy locations, bounded JSON values.

Every type here rejects bad input with a message that says what was expected, so the
422 a client gets names the field and the rule it broke.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    WithJsonSchema,
)

from .json_bounds import check_json_value
from .json_schemas import check_extraction_schema
from .urls import (
    CDP_ADDRESS_SCHEMA,
    HTTP_URL_SCHEMA,
    OPTIONAL_HTTP_URL_SCHEMA,
    check_cdp_address,
    check_http_url,
)

MAX_PROMPT_CHARS = 20_000
MAX_SHORT_TEXT_CHARS = 1_000
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


def _empty_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


HttpUrlStr = Annotated[str, AfterValidator(check_http_url), WithJsonSchema(HTTP_URL_SCHEMA)]
OptionalHttpUrl = Annotated[
    HttpUrlStr | None, BeforeValidator(_empty_to_none), WithJsonSchema(OPTIONAL_HTTP_URL_SCHEMA)
]
CdpAddress = Annotated[str, AfterValidator(check_cdp_address), WithJsonSchema(CDP_ADDRESS_SCHEMA)]
Prompt = Annotated[str, StringConstraints(max_length=MAX_PROMPT_CHARS)]
RequiredPrompt = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PROMPT_CHARS)
]
ShortText = Annotated[str, StringConstraints(max_length=MAX_SHORT_TEXT_CHARS)]
JsonValue = Annotated[Any, AfterValidator(check_json_value)]
ExtractionSchema = Annotated[Any, AfterValidator(check_extraction_schema)]
ErrorCodeMapping = Annotated[
    dict[
        Annotated[str, StringConstraints(min_length=1, max_length=200)],
        Annotated[str, StringConstraints(max_length=MAX_SHORT_TEXT_CHARS)] | None,
    ],
    Field(max_length=100),
]
MaxSteps = Annotated[int, Field(ge=1, le=MAX_STEPS_LIMIT, strict=False)]
ScreenshotScrolls = Annotated[int, Field(ge=0, le=100)]
