"""Reading a data extraction schema: where the rows go and what type each property has.

Accepts JSON Schema (``{"type": "object", "properties": {...}}``), JSON text of it, or an
example-shaped object (``{"products": [{"name": "string", "price": 0}]}``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Property:
    name: str
    type: str  # string | number | integer | boolean | array | object
    description: str = ""
    format: str = ""  # JSON Schema's format: date, date-time, ...


@dataclass
class SchemaShape:
    """Rows of ``item`` properties at ``rows_key`` (None: the output is the list itself)."""

    rows_key: str | None = None
    item: list[Property] = field(default_factory=list)
    scalars: list[Property] = field(default_factory=list)  # top-level non-row properties
    is_list: bool = False
    max_items: int | None = None  # the rows array's maxItems


def load_schema(schema: Any) -> Any:
    if isinstance(schema, str):
        try:
            return json.loads(schema)
        except ValueError:
            return None
    return schema


def schema_shape(schema: Any) -> SchemaShape | None:
    schema = load_schema(schema)
    if not isinstance(schema, dict | list) or not schema:
        return None
    if isinstance(schema, list):
        return SchemaShape(item=_example_props(schema[0]) if schema else [], is_list=True)
    if _is_json_schema(schema):
        return _json_schema_shape(schema)
    return _example_shape(schema)


def _is_json_schema(schema: dict[str, Any]) -> bool:
    return schema.get("type") in ("object", "array") or "properties" in schema


def _json_schema_shape(schema: dict[str, Any]) -> SchemaShape:
    if schema.get("type") == "array":
        row: dict[str, Any] = schema["items"] if isinstance(schema.get("items"), dict) else {}
        return SchemaShape(item=_props(row), is_list=True, max_items=_max_items(schema))
    shape = SchemaShape()
    for name, spec in (schema.get("properties") or {}).items():
        spec = spec if isinstance(spec, dict) else {}
        items = spec.get("items") if isinstance(spec.get("items"), dict) else None
        if shape.rows_key is None and _type_of(spec) == "array" and items and _props(items):
            shape.rows_key, shape.item = name, _props(items)
            shape.max_items = _max_items(spec)
        else:
            shape.scalars.append(_property(name, spec))
    return shape


def _max_items(spec: dict[str, Any]) -> int | None:
    value = spec.get("maxItems")
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _property(name: str, spec: Any) -> Property:
    spec = spec if isinstance(spec, dict) else {}
    text = spec.get("description")
    fmt = spec.get("format")
    return Property(
        name,
        _type_of(spec),
        text if isinstance(text, str) else "",
        fmt if isinstance(fmt, str) else "",
    )


def _props(schema: dict[str, Any]) -> list[Property]:
    return [_property(name, spec) for name, spec in (schema.get("properties") or {}).items()]


def _type_of(spec: Any) -> str:
    if not isinstance(spec, dict):
        return "string"
    kind = spec.get("type", "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    return kind if isinstance(kind, str) else "string"


def _example_shape(example: dict[str, Any]) -> SchemaShape:
    shape = SchemaShape()
    for name, value in example.items():
        if (
            shape.rows_key is None
            and isinstance(value, list)
            and value
            and isinstance(value[0], dict)
        ):
            shape.rows_key, shape.item = name, _example_props(value[0])
        else:
            shape.scalars.append(Property(name, _example_type(value)))
    return shape


def _example_props(example: Any) -> list[Property]:
    if not isinstance(example, dict):
        return []
    return [Property(name, _example_type(value)) for name, value in example.items()]


def _example_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str) and value.lower() in ("number", "integer", "boolean", "float", "int"):
        return {"float": "number", "int": "integer"}.get(value.lower(), value.lower())
    return "string"
