"""The documented shapes of error bodies: ``{"detail": ...}`` as the error handlers build it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorBody(BaseModel):
    """Every 4xx but 422: what was wrong, and the field when one field was to blame."""

    model_config = ConfigDict(extra="forbid")

    detail: str
    field: str | None = Field(default=None, description="The request field to blame, if one.")


class FieldError(BaseModel):
    model_config = ConfigDict(extra="forbid")

    loc: list[str | int]
    field: str = Field(description="The field, dotted: proxy_location.country.")
    msg: str = Field(description="Starts with the field's name.")
    type: str
    input: str | None = Field(default=None, description="The value sent, shortened.")
    suggestion: str | None = Field(
        default=None,
        description="For an unknown field that is a near miss of a known one: the known field.",
    )


class ValidationErrorBody(BaseModel):
    """422: every field that broke a rule."""

    model_config = ConfigDict(extra="forbid")

    detail: list[FieldError]


class RateLimitedBody(BaseModel):
    """429: too many requests; ``Retry-After`` says when to try again."""

    detail: Any
