"""Extraction schemas checked at creation: a JSON Schema valid against its draft's
meta-schema (Draft 2020-12 unless ``$schema`` names another), whose every ``$ref`` points
inside the document and resolves, and whose references never loop back onto the same value.

A schema that passes can be handed to a validator later without raising or recursing forever.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from .json_bounds import check_json_value, parse_json_text

MAX_SCHEMA_TEXT_CHARS = 20_000

# Keywords whose subschemas apply to the same instance: a cycle through only these never ends.
_IN_PLACE_ONE = ("not", "if", "then", "else")
_IN_PLACE_MANY = ("allOf", "anyOf", "oneOf")
_IN_PLACE_MAP = ("dependentSchemas",)
_REFERENCES = ("$ref", "$dynamicRef", "$recursiveRef")
# Keywords whose values are maps of names to schemas, and keywords whose values are data.
_NAME_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)
_DATA_KEYWORDS = frozenset({"enum", "const", "examples", "default"})


def check_extraction_schema(value: Any) -> Any:
    """A JSON schema (object), a list, or a plain-text description of the data wanted.

    Text that starts like JSON (``{`` or ``[``) must be JSON and is parsed.
    """
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) > MAX_SCHEMA_TEXT_CHARS:
            raise ValueError(f"longer than {MAX_SCHEMA_TEXT_CHARS} characters")
        if not value.strip().startswith(("{", "[")):
            return value
        value = parse_json_text(value)
    if not isinstance(value, dict | list):
        raise ValueError("must be a JSON schema object, a list, or a text description")
    check_json_value(value)
    if isinstance(value, dict):
        check_schema_document(value)
    return value


def check_schema_document(schema: dict[str, Any]) -> None:
    """ValueError naming the first problem: unknown draft, meta-schema violation, bad $ref."""
    declared = schema.get("$schema")
    # for an unknown $schema jsonschema hands back the default: None tells that case apart
    default: Any = None if declared else Draft202012Validator
    validator: type[Validator] | None = validator_for(schema, default=default)
    if validator is None:
        raise ValueError(f"$schema {declared!r} is not a JSON Schema draft this service knows")
    try:
        validator.check_schema(schema)
    except SchemaError as exc:  # already the most relevant of the violations
        where = _pointer(exc.absolute_path)
        raise ValueError(f"not a valid JSON Schema: {exc.message} (at {where})") from None
    _check_references(schema)


def _pointer(path: Any) -> str:
    parts = [str(part).replace("~", "~0").replace("/", "~1") for part in path]
    return "/" + "/".join(parts) if parts else "the top level"


def _resolve(root: dict[str, Any], ref: str) -> tuple[str, Any]:
    """(canonical pointer, target) of a reference inside the document."""
    if not ref.startswith("#"):
        raise ValueError(
            f"$ref {ref!r} points outside the schema; only '#...' references are allowed"
        )
    fragment = unquote(ref[1:])
    if fragment and not fragment.startswith("/"):
        return _resolve_anchor(root, fragment, ref)
    target: Any = root
    parts = fragment.split("/")[1:] if fragment else []
    for raw in parts:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(target, dict) and part in target:
            target = target[part]
        elif isinstance(target, list) and part.isdigit() and int(part) < len(target):
            target = target[int(part)]
        else:
            raise ValueError(f"$ref {ref!r} does not resolve to anything in the schema")
    if not isinstance(target, dict | bool):
        raise ValueError(f"$ref {ref!r} does not resolve to a schema")
    return "".join(f"/{part}" for part in parts), target


def _resolve_anchor(root: dict[str, Any], anchor: str, ref: str) -> tuple[str, Any]:
    for pointer, node in _walk(root):
        if isinstance(node, dict) and anchor in (node.get("$anchor"), node.get("$dynamicAnchor")):
            return pointer, node
    raise ValueError(f"$ref {ref!r} names no $anchor in the schema")


def _walk(root: Any) -> Iterator[tuple[str, Any]]:
    """Every dict and list of the document with its JSON pointer, without recursion."""
    stack: list[tuple[str, Any]] = [("", root)]
    while stack:
        pointer, node = stack.pop()
        yield pointer, node
        if isinstance(node, dict):
            names = _is_name_map(pointer)
            items: Any = [(k, v) for k, v in node.items() if names or k not in _DATA_KEYWORDS]
        elif isinstance(node, list):
            items = enumerate(node)
        else:
            continue
        for key, child in items:
            if isinstance(child, dict | list):
                escaped = str(key).replace("~", "~0").replace("/", "~1")
                stack.append((f"{pointer}/{escaped}", child))


def _in_place_children(pointer: str, node: dict[str, Any]) -> Iterator[str]:
    for key in _IN_PLACE_ONE:
        if isinstance(node.get(key), dict):
            yield f"{pointer}/{key}"
    for key in _IN_PLACE_MANY:
        if isinstance(node.get(key), list):
            yield from (f"{pointer}/{key}/{index}" for index in range(len(node[key])))
    for key in _IN_PLACE_MAP:
        if isinstance(node.get(key), dict):
            yield from (
                f"{pointer}/{key}/{name.replace('~', '~0').replace('/', '~1')}"
                for name, sub in node[key].items()
                if isinstance(sub, dict)
            )


def _check_references(root: dict[str, Any]) -> None:
    """Every reference resolves; none reaches itself through same-instance keywords only."""
    nodes = {pointer: node for pointer, node in _walk(root) if isinstance(node, dict)}
    edges: dict[str, list[str]] = {}
    for pointer, node in nodes.items():
        targets = list(_in_place_children(pointer, node))
        for keyword in _REFERENCES:
            ref = node.get(keyword)
            if isinstance(ref, str) and not _is_name_map(pointer):
                targets.append(_resolve(root, ref)[0])
        edges[pointer] = [target for target in targets if target in nodes]
    _refuse_cycles(edges)


def _is_name_map(pointer: str) -> bool:
    """True for objects whose keys are names, not keywords (a property called ``$ref``)."""
    return pointer.rsplit("/", 1)[-1] in _NAME_MAPS


def _refuse_cycles(edges: dict[str, list[str]]) -> None:
    """Iterative depth-first search for a cycle in the same-instance graph."""
    done: set[str] = set()
    for start in edges:
        if start in done:
            continue
        on_path: set[str] = {start}
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(edges[start]))]
        while stack:
            current, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                on_path.discard(current)
                done.add(current)
            elif child in on_path:
                where = child or "the top level"
                raise ValueError(f"$ref loop: {where} refers back to itself without end")
            elif child not in done:
                on_path.add(child)
                stack.append((child, iter(edges.get(child, []))))
