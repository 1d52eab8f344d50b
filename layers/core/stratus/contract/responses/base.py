"""The parts every response shape is built from: the strict base, timestamps, files, errors."""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field

from ..fields import ProxyLocationName

TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$"

Timestamp = Annotated[
    str,
    Field(
        pattern=TIMESTAMP_PATTERN,
        json_schema_extra={"format": "date-time"},
        examples=["2026-01-10T22:53:36.297774Z"],
    ),
]
Json = Annotated[Any, Field(description="Any JSON value.")]
NullableTextMap = dict[str, str | None]


class ResponseObject(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    @classmethod
    def produce(cls, **fields: Any) -> Self:
        """The object from the domain's values: strict but for enums and their stored values
        (a payload read back as JSON is held to every strict rule)."""
        return cls.model_validate(fields, strict=False)


class DownloadedFileObject(ResponseObject):
    url: str
    checksum: str
    filename: str
    modified_at: Timestamp | None


class RunErrorObject(ResponseObject):
    """An error code of the task's ``error_code_mapping`` that the agent reported."""

    error_code: str
    reasoning: str


class ScriptRun(ResponseObject):
    ai_fallback_triggered: bool


class GeoTargetObject(ResponseObject):
    country: str
    subdivision: str | None
    city: str | None


ProxyLocationValue = ProxyLocationName | GeoTargetObject
