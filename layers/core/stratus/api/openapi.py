"""The served OpenAPI document: FastAPI's, with the error statuses of the table and
parameters stated as they travel (a header or query value is never JSON null)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .error_statuses import document_error_statuses


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


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            app.openapi_schema = document_error_statuses(drop_null_from_parameters(document))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
