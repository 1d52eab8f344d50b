"""Every client mistake is a clear 4xx naming what was wrong; anything else a logged 500."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..ports import NotFound
from ..services.errors import InvalidRequest, InvalidState, RateLimited, RunNotFound
from ..services.url_guard import UnsafeUrl
from .deps import container_of

log = logging.getLogger(__name__)

_MAX_ECHO_CHARS = 200
# Location parts that name a union branch or a mapping key, not a field.
_UNION_TAGS = frozenset({"geo_target", "location_name", "[key]"})


def _field_name(loc: tuple[Any, ...]) -> str:
    """``("body", "proxy_location", "geo_target", "country")`` -> ``proxy_location.country``."""
    parts = [str(part) for part in loc[1:] if part not in _UNION_TAGS] if loc else []
    if loc and loc[0] in ("header", "query", "path") and parts:
        return parts[0]  # the parameter, not the index of one of its repeated values
    return ".".join(parts) or (str(loc[0]) if loc else "body")


def _clean_error(error: dict[str, Any]) -> dict[str, Any]:
    loc = tuple(error.get("loc", ()))
    field = _field_name(loc)
    message = str(error.get("msg", "invalid value"))
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    cleaned: dict[str, Any] = {
        "loc": list(loc),
        "field": field,
        "msg": f"{field}: {message}",
        "type": error.get("type", "value_error"),
    }
    if "input" in error and error["type"] != "missing":
        shown = repr(error["input"])
        cleaned["input"] = (
            shown if len(shown) <= _MAX_ECHO_CHARS else shown[:_MAX_ECHO_CHARS] + "..."
        )
    return cleaned


def _error(status: int, detail: Any, **extra: Any) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": detail, **extra})


def _auth_failure(request: Request) -> JSONResponse | None:
    """Malformed JSON is found before the key is checked; a keyless caller still gets 401/403."""
    raw = (request.headers.get("x-api-key") or "").strip()
    if not raw:
        return _error(401, "Missing API key: send it in the x-api-key header")
    if container_of(request).keys.authenticate(raw) is None:
        return _error(403, "Invalid API key")
    return None


async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # registered for this class only
    errors = list(exc.errors())
    for error in errors:
        if error.get("type") == "json_invalid":
            denied = _auth_failure(request)
            if denied is not None:
                return denied
            where = error.get("ctx", {}).get("error", "")
            return _error(400, f"The request body is not valid JSON: {where}".rstrip(": "))
    cleaned: list[dict[str, Any]] = []
    for error in errors:
        cleaned.extend(_clean_errors(dict(error)))
    return _error(422, cleaned)


def _clean_errors(error: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per field: a near-miss error names each misspelled field on its own."""
    if error.get("type") != "misspelled_field":
        return [_clean_error(error)]
    loc = tuple(error.get("loc", ()))
    entries = []
    for name, guess in error.get("ctx", {}).get("fields", {}).items():
        field = _field_name((*loc, name))
        entries.append(
            {
                "loc": [*loc, name],
                "field": field,
                "msg": f"{field}: not a field; did you mean `{guess}`?",
                "type": "misspelled_field",
                "suggestion": guess,
            }
        )
    return entries


async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)  # registered for this class only
    detail = exc.detail
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"No route {request.method} {request.url.path}"
    elif exc.status_code == 405:
        detail = f"Method {request.method} is not allowed on {request.url.path}"
    return JSONResponse(
        status_code=exc.status_code, content={"detail": detail}, headers=exc.headers
    )


async def on_not_found(request: Request, exc: Exception) -> JSONResponse:
    return _error(404, str(exc) or "Not found")


async def on_invalid_state(request: Request, exc: Exception) -> JSONResponse:
    return _error(409, str(exc))


async def on_invalid_request(request: Request, exc: Exception) -> JSONResponse:
    field = getattr(exc, "field", None)
    status = getattr(exc, "status", 400)
    if status == 422:  # shaped like a validation error: one entry naming the field
        name = field or "body"
        where = ["settings", name] if name.startswith("STRATUS_") else ["body", *name.split(".")]
        return _error(422, [{"loc": where, "field": name, "msg": str(exc), "type": "value_error"}])
    return _error(status, str(exc), field=field) if field else _error(status, str(exc))


async def on_rate_limited(request: Request, exc: Exception) -> JSONResponse:
    seconds = getattr(exc, "retry_after_seconds", 1)
    return JSONResponse(
        status_code=429, content={"detail": str(exc)}, headers={"Retry-After": str(seconds)}
    )


async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return _error(500, "Internal server error")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RunNotFound, on_not_found)
    app.add_exception_handler(NotFound, on_not_found)
    app.add_exception_handler(InvalidState, on_invalid_state)
    app.add_exception_handler(InvalidRequest, on_invalid_request)
    app.add_exception_handler(RateLimited, on_rate_limited)
    app.add_exception_handler(UnsafeUrl, on_invalid_request)
    app.add_exception_handler(Exception, on_unexpected)
