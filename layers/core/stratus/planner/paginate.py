"""Extraction over several pages: read, follow Next, merge, up to a bound."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..agent.actions import ClickAction
from ..agent.executor import execute_actions
from ..agent.snapshot import take_snapshot
from ..agent.targets import settle
from ..domain.models import ActionRecord
from ..domain.snapshot import ElementInfo, PageSnapshot
from ..ports import StepContext
from .extract import (
    best_rows,
    fill_scalars,
    label_values,
    merge_rows,
    read_page,
    schemaless_output,
    shape_output,
)
from .schema import SchemaShape, schema_shape
from .text import norm

_NEXT_NAMES = {"next", "next page", "more", "load more", "show more", "older", "forward"}
_NEXT_SYMBOLS = {"\u203a", "\u00bb", ">", "\u2192"}  # single and double angle quotes, arrow
_NEXT_SYMBOLS |= {f"next {symbol}" for symbol in _NEXT_SYMBOLS}
_DISABLED_CLASS = re.compile(r"\bdisabled\b")


@dataclass
class Extraction:
    output: Any = None
    pages: int = 0
    actions: list[ActionRecord] = field(default_factory=list)


def next_control(snapshot: PageSnapshot) -> ElementInfo | None:
    for element in snapshot.elements:
        if element.disabled or element.attrs.get("aria-disabled") == "true":
            continue
        if _DISABLED_CLASS.search(element.attrs.get("class", "")):
            continue
        if element.tag.lower() not in ("a", "button") and element.role not in ("link", "button"):
            continue
        raw = (element.name or element.attrs.get("aria-label") or "").strip().lower()
        if element.attrs.get("rel") == "next" or raw in _NEXT_SYMBOLS or norm(raw) in _NEXT_NAMES:
            return element
    return None


def _rows_of(
    shape: SchemaShape | None, reading: dict[str, Any], text: str
) -> tuple[list[Any], dict[str, Any]]:
    if shape is None:
        output = schemaless_output(reading, text) or {}
        items = output.get("items")
        if isinstance(items, list):
            return items, {}
        return [], output
    rows = best_rows(reading, shape.item) if shape.item else []
    scalars = fill_scalars(shape.scalars, label_values(reading, text)) if shape.scalars else {}
    return rows, scalars


async def extract_with_pages(
    ctx: StepContext,
    snapshot: PageSnapshot,
    schema: Any,
    *,
    max_pages: int,
    settle_ms: int,
    row_limit: int | None = None,
) -> Extraction:
    """Extract from this page and the ones behind its Next control, merging rows; no more
    pages once ``row_limit`` rows are in hand."""
    shape = schema_shape(schema) if schema else None
    page = ctx.browser.page
    result = Extraction()
    rows: list[Any] = []
    scalars: dict[str, Any] = {}
    while True:
        reading = await read_page(page)
        page_rows, page_scalars = _rows_of(shape, reading, snapshot.text)
        result.pages += 1
        before = len(rows)
        rows = (
            merge_rows(rows, page_rows)
            if page_rows and isinstance(page_rows[0], dict)
            else [
                *rows,
                *[r for r in page_rows if r not in rows],
            ]
        )
        for key, value in page_scalars.items():
            if scalars.get(key) is None:
                scalars[key] = value
        control = next_control(snapshot) if page_rows else None
        if (
            control is None
            or result.pages >= max_pages
            or (result.pages > 1 and len(rows) == before)
            or (row_limit is not None and len(rows) >= row_limit)
        ):
            break
        executed = await execute_actions(
            ctx.browser,
            [ClickAction(element_id=control.id, reasoning="next page of results")],
            snapshot=snapshot,
            files_dir=ctx.files_dir,
            run=ctx.run,
            settle_timeout_ms=settle_ms,
        )
        result.actions.extend(executed.records)
        if not executed.all_succeeded:
            break
        page = ctx.browser.page
        await settle(page, settle_ms)
        snapshot = await take_snapshot(page)
    if shape is not None:
        result.output = shape_output(shape, rows, scalars)
    elif rows:
        result.output = {"items": rows}
    else:
        result.output = scalars or None
    return result
