"""A validation error as short text: ``field: what is wrong`` for each problem."""

from __future__ import annotations

from pydantic import ValidationError

VALUE_ERROR_PREFIX = "Value error, "


def field_of(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "body"


def problems(exc: ValidationError) -> list[tuple[str, str]]:
    """(dotted field, message) per problem, without pydantic's "Value error, " prefix."""
    found = []
    for error in exc.errors():
        message = str(error.get("msg", "invalid value")).removeprefix(VALUE_ERROR_PREFIX)
        found.append((field_of(tuple(error.get("loc", ()))), message))
    return found
