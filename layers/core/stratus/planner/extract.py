"""Extraction: what the page reader found (tables, repeated items, pairs) shaped by a schema."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .matching import key_similarity
from .options import truthiness
from .schema import Property, SchemaShape
from .synonyms import concept_of
from .text import clean_space, words

READER_JS = (Path(__file__).parent / "page_reader.js").read_text()
MIN_COLUMN_SCORE = 0.5
_NUMBER_RE = re.compile(r"-?\d[\d,]*(?:\.\d+)?|-?\.\d+")
_TRUE_EXTRA = {"in stock", "available", "active", "enabled", "✓", "✔", "x"}
_FALSE_EXTRA = {"out of stock", "unavailable", "inactive", "disabled", "✗", "✘", "-", ""}
_LABEL_LINE_RE = re.compile(r"^\s*([^:\n]{1,40}?)\s*:\s+(.+?)\s*$")


async def read_page(page: Any) -> dict[str, Any]:
    reading: dict[str, Any] = await page.evaluate(READER_JS)
    return reading


def coerce(text: str | None, kind: str) -> Any:
    """A cell's text as the schema's type: '$1,299.00' -> 1299.0, 'In stock' -> True."""
    if text is None:
        return None
    text = clean_space(text)
    if kind in ("number", "integer"):
        found = _NUMBER_RE.search(text.replace(" ", ""))
        if not found:
            return None
        number = float(found.group(0).replace(",", ""))
        return (
            int(number)
            if kind == "integer" or (number.is_integer() and "." not in found.group(0))
            else number
        )
    if kind == "boolean":
        truth = truthiness(text)
        if truth is None:
            lowered = text.lower()
            truth = True if lowered in _TRUE_EXTRA else False if lowered in _FALSE_EXTRA else None
        return truth
    if kind == "array":
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def property_score(prop: Property, label: str) -> float:
    names = [prop.name, prop.description] if prop.description else [prop.name]
    score = max(key_similarity(name, [label]) for name in names)
    concept = concept_of(prop.name)
    if concept and concept == concept_of(label):
        score = max(score, 0.9)
    return score


def map_columns(props: list[Property], header: list[str]) -> dict[str, int]:
    """Property name -> column index, best pairs first, each column used once."""
    scored = sorted(
        (
            (property_score(prop, label), prop_index, column)
            for prop_index, prop in enumerate(props)
            for column, label in enumerate(header)
        ),
        reverse=True,
    )
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for score, prop_index, column in scored:
        name = props[prop_index].name
        if score >= MIN_COLUMN_SCORE and name not in mapping and column not in used:
            mapping[name] = column
            used.add(column)
    return mapping


def table_rows(table: dict[str, Any], props: list[Property]) -> tuple[float, list[dict[str, Any]]]:
    """Rows of one table as typed dicts, and how well its columns cover the properties."""
    header, rows = table.get("header"), list(table.get("rows") or [])
    mapping = map_columns(props, header) if header else {}
    if not header and rows:
        guess = map_columns(props, rows[0])
        if len(guess) * 2 >= len(props):
            mapping, rows = guess, rows[1:]
        elif len(rows[0]) == len(props):
            mapping = {prop.name: index for index, prop in enumerate(props)}
    coverage = len(mapping) / len(props) if props else 0.0
    out = []
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        out.append(
            {
                prop.name: coerce(row[mapping[prop.name]], prop.type)
                if prop.name in mapping and mapping[prop.name] < len(row)
                else None
                for prop in props
            }
        )
    return coverage, out


def group_rows(group: dict[str, Any], props: list[Property]) -> tuple[float, list[dict[str, Any]]]:
    """Rows from repeated items (cards, list entries) by class hints and 'Label: value' text."""
    out, hits, total = [], 0, 0
    for item in group.get("items") or []:
        fields = item.get("fields") or []
        row: dict[str, Any] = {}
        used: set[int] = set()
        for prop in props:
            index, value = _field_for(prop, fields, used)
            if index is None and prop.name.lower() in ("name", "title", "product") and fields:
                index, value = _first_unused(fields, used)
            if index is not None:
                used.add(index)
            row[prop.name] = coerce(value, prop.type) if index is not None else None
            hits += index is not None
            total += 1
        if any(v is not None for v in row.values()):
            out.append(row)
    return (hits / total if total else 0.0), out


def _field_for(
    prop: Property, fields: list[dict[str, Any]], used: set[int]
) -> tuple[int | None, str]:
    best: tuple[float, int, str] | None = None
    for index, entry in enumerate(fields):
        if index in used:
            continue
        text = entry.get("text") or ""
        labelled = _LABEL_LINE_RE.match(text)
        candidates = [(property_score(prop, " ".join(words(entry.get("hint") or ""))), text)]
        if labelled:
            candidates.append((property_score(prop, labelled.group(1)), labelled.group(2)))
        for score, value in candidates:
            if score >= MIN_COLUMN_SCORE and (best is None or score > best[0]):
                best = (score, index, value)
    return (best[1], best[2]) if best else (None, "")


def _first_unused(fields: list[dict[str, Any]], used: set[int]) -> tuple[int | None, str]:
    for index, entry in enumerate(fields):
        if index not in used:
            return index, entry.get("text") or ""
    return None, ""


def best_rows(reading: dict[str, Any], props: list[Property]) -> list[dict[str, Any]]:
    candidates = [table_rows(t, props) for t in reading.get("tables") or [] if not t.get("keyed")]
    candidates += [group_rows(g, props) for g in reading.get("groups") or []]
    candidates = [c for c in candidates if c[1] and c[0] > 0]
    if not candidates:
        return []
    return max(candidates, key=lambda c: (c[0], len(c[1])))[1]


def label_values(reading: dict[str, Any], page_text: str = "") -> list[tuple[str, str]]:
    pairs = [(a, b) for a, b in reading.get("pairs") or []]
    for table in reading.get("tables") or []:
        if table.get("keyed"):
            pairs += [(row[0], row[1]) for row in table.get("rows") or [] if len(row) == 2]
    for line in page_text.splitlines():
        match = _LABEL_LINE_RE.match(line)
        if match:
            pairs.append((match.group(1), match.group(2)))
    return pairs


def fill_scalars(props: list[Property], pairs: list[tuple[str, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for prop in props:
        scored = [(property_score(prop, label), value) for label, value in pairs]
        best = max(scored, default=(0.0, ""), key=lambda item: item[0])
        out[prop.name] = coerce(best[1], prop.type) if best[0] >= MIN_COLUMN_SCORE else None
    return out


def shape_output(shape: SchemaShape, rows: list[dict[str, Any]], scalars: dict[str, Any]) -> Any:
    if shape.is_list:
        return rows
    out = dict(scalars)
    if shape.rows_key is not None:
        out[shape.rows_key] = rows
    return out


def schemaless_output(reading: dict[str, Any], page_text: str = "") -> dict[str, Any] | None:
    """Without a schema: the biggest table or item list as records, else the label/value pairs."""
    tables = [t for t in reading.get("tables") or [] if t.get("rows") and not t.get("keyed")]
    if tables:
        table = max(tables, key=lambda t: len(t["rows"]))
        header = table.get("header") or [f"column_{i + 1}" for i in range(len(table["rows"][0]))]
        keys = ["_".join(words(h)) or f"column_{i + 1}" for i, h in enumerate(header)]
        return {"items": [dict(zip(keys, row, strict=False)) for row in table["rows"]]}
    groups = [g for g in reading.get("groups") or [] if len(g.get("items") or []) >= 2]
    if groups:
        group = max(groups, key=lambda g: len(g["items"]))
        return {"items": [item.get("text", "") for item in group["items"]]}
    pairs = label_values(reading, page_text)
    if pairs:
        return {"_".join(words(label)): value for label, value in pairs}
    return None


def merge_rows(existing: list[dict[str, Any]], more: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen = {repr(sorted(r.items())) for r in existing}
    merged = list(existing)
    for row in more:
        key = repr(sorted(row.items()))
        if key not in seen:
            seen.add(key)
            merged.append(row)
    return merged
