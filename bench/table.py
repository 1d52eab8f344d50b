"""Plain-text tables for the terminal."""

from __future__ import annotations

from typing import Any

from bench.registry import SectionResult


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def format_section(result: SectionResult) -> str:
    header = result.columns
    body = [[_cell(row.get(column)) for column in header] for row in result.rows]
    widths = [
        max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(header)
    ]
    lines = [f"== {result.title} =="]
    lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    lines.append("  ".join("-" * w for w in widths))
    for row in body:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    lines.extend(f"  note: {note}" for note in result.notes)
    return "\n".join(lines)
