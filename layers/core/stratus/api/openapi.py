"""The served OpenAPI document: FastAPI's, with the error statuses of the table and
parameters stated as they travel (a header or query value is never JSON null)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from ..contract.field_docs import describe_fields
from .error_statuses import document_error_statuses
from .idempotency import HEADER_DESCRIPTION, IDEMPOTENT_ROUTES, KEY_PATTERN, MAX_KEY_LENGTH


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    options = schema.get("anyOf")
    if not isinstance(options, list):
        return schema
    kept = [option for option in options if option != {"type": "null"}]
    if len(kept) != 1:
        return schema
    rest = {key: value for key, value in schema.items() if key != "anyOf"}
    return {**kept[0], **rest}


def drop_null_from_parameters(document: dict[str, Any]) -> dict[str, Any]:
    """An optional header or query parameter is left out, not sent as null."""
    for item in document["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") in ("header", "query") and "schema" in parameter:
                    parameter["schema"] = _without_null(parameter["schema"])
    return document


UNKNOWN_FIELDS_NOTE = (
    "Fields not named here are ignored (newer clients send new ones) and listed in the "
    "x-stratus-ignored-fields response header, except a near miss of a known field "
    "(`webhookurl`, `max_step`), which is refused with 422 naming the field it probably means."
)


def describe_unknown_fields(document: dict[str, Any]) -> dict[str, Any]:
    """Every JSON request body says what happens to fields it does not name."""
    for item in document["paths"].values():
        for operation in item.values():
            body = operation.get("requestBody")
            if body and "application/json" in body.get("content", {}):
                body["description"] = UNKNOWN_FIELDS_NOTE
    return document


def document_idempotency_keys(document: dict[str, Any]) -> dict[str, Any]:
    """The create routes take an ``Idempotency-Key`` header (served by the middleware)."""
    for path in IDEMPOTENT_ROUTES:
        operation = document["paths"].get(path, {}).get("post")
        if operation is None:
            continue
        operation.setdefault("parameters", []).append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": HEADER_DESCRIPTION,
                "schema": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_KEY_LENGTH,
                    "pattern": KEY_PATTERN,
                },
            }
        )
    return document


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            document = describe_unknown_fields(drop_null_from_parameters(document))
            document = document_idempotency_keys(document)
            describe_fields(document.get("components", {}).get("schemas", {}))
            app.openapi_schema = document_error_statuses(document)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
