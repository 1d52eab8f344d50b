"""Where to click an element that something else partly covers.

Playwright clicks an element's centre and waits until nothing covers that point; an element
whose centre lies under another one (an overlapping button, a sticky bar) then fails after the
action's timeout although most of it is visible. This finds a point of the element that is on
top, so the click lands on the element itself, as a person would click it."""

from __future__ import annotations

from typing import Any

# Points on a 5 x 5 grid of the element's box, the centre first, then nearer the centre before
# nearer the edges. None: the centre is free (the usual case), or no sampled point is.
_OPEN_POINT_JS = """el => {
  const r = el.getBoundingClientRect();
  if (!r.width || !r.height) return null;
  const on = (x, y) => {
    const hit = document.elementFromPoint(r.left + x, r.top + y);
    return !!hit && (hit === el || el.contains(hit));
  };
  if (on(r.width / 2, r.height / 2)) return null;
  for (const fy of [0.5, 0.3, 0.7, 0.1, 0.9]) {
    for (const fx of [0.5, 0.3, 0.7, 0.1, 0.9]) {
      if (on(r.width * fx, r.height * fy)) return { x: r.width * fx, y: r.height * fy };
    }
  }
  return null;
}"""


async def open_point(locator: Any, timeout_ms: float) -> dict[str, float] | None:
    """A point of the element (relative to its box) where it is on top, when its centre is
    covered; None when the centre is free or no point of it is."""
    await locator.scroll_into_view_if_needed(timeout=timeout_ms)
    point: dict[str, float] | None = await locator.evaluate(_OPEN_POINT_JS)
    return point
