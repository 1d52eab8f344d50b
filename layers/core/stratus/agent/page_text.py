"""The page as the model reads it: the shared snapshot renderer, capped in length."""

from __future__ import annotations

from ..domain.snapshot import PageSnapshot
from .snapshot_render import FULL_MAX_VALUE, RENDER_LEGEND, render_snapshot

__all__ = ["RENDER_LEGEND", "page_text"]

MAX_PAGE_CHARS = 40_000


def page_text(snapshot: PageSnapshot, *, full: bool = False) -> str:
    """``full``: every text line whole and every link's href (for reading data off a page)."""
    text = (
        render_snapshot(snapshot, hrefs=True, offscreen_line_chars=None, max_value=FULL_MAX_VALUE)
        if full
        else render_snapshot(snapshot)
    )
    if len(text) > MAX_PAGE_CHARS:
        text = text[:MAX_PAGE_CHARS] + f"\n(page truncated: {len(text)} characters in all)"
    return text
