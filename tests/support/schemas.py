"""JSON schemas the extraction tests ask for: an object holding one array of flat rows."""

from __future__ import annotations

from typing import Any

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


def rows_schema(
    rows_key: str, columns: dict[str, str], *, required: bool = False, dialect: str | None = None
) -> dict[str, Any]:
    """``{rows_key: [{column: <type>, ...}]}``; ``required`` makes every column and the rows
    key required."""
    item: dict[str, Any] = {
        "type": "object",
        "properties": {name: {"type": kind} for name, kind in columns.items()},
    }
    if required:
        item["required"] = list(columns)
    schema: dict[str, Any] = {"$schema": dialect} if dialect else {}
    schema["type"] = "object"
    schema["properties"] = {rows_key: {"type": "array", "items": item}}
    if required:
        schema["required"] = [rows_key]
    return schema
