"""What must hold before the planner may say a run is complete.

Each check returns what is missing (empty when nothing is); the engine turns a miss into
a ``terminated`` run whose reason names it, because a guess would be worse than a hand-over.
"""

from __future__ import annotations

from typing import Any

from .schema import SchemaShape
from .synonyms import concept_of


def unused_facts(facts: dict[str, str], used: list[str]) -> list[str]:
    """The facts no field took. A full name made of used halves, or halves of a used full
    name, count as used."""
    taken = set(used)
    concepts = {concept_of(key) for key in taken} - {None}
    if "full_name" in concepts:
        concepts |= {"first_name", "last_name"}
    if {"first_name", "last_name"} <= concepts:
        concepts.add("full_name")
    return [
        key
        for key in facts
        if key not in taken and not (concept_of(key) and concept_of(key) in concepts)
    ]


def empty_properties(shape: SchemaShape | None, output: Any) -> list[str]:
    """Schema properties for which the extraction found nothing: a scalar that is null,
    a row property null in every row, or a list with no rows."""
    if shape is None:
        return []
    rows: Any = output
    missing: list[str] = []
    if not shape.is_list:
        if not isinstance(output, dict):
            return [p.name for p in shape.scalars] + ([shape.rows_key] if shape.rows_key else [])
        missing += [p.name for p in shape.scalars if output.get(p.name) is None]
        if shape.rows_key is None:
            return missing
        rows = output.get(shape.rows_key)
    if not isinstance(rows, list) or not rows:
        return [*missing, shape.rows_key or "the list"]
    for prop in shape.item:
        if all(not isinstance(row, dict) or row.get(prop.name) is None for row in rows):
            missing.append(prop.name if shape.is_list else f"{shape.rows_key}.{prop.name}")
    return missing
