"""Resolve an element id from a snapshot to a Playwright Locator."""

from __future__ import annotations

from typing import Any

from .snapshot import frame_path, split_element_id

# Drop data-sid from copies of an element (cloneNode copies attributes, not the WeakMap).
_DROP_IMPOSTORS = """n => {
  const s = window.__stratusSnap;
  const all = [];
  const collect = (root) => {
    for (const el of root.querySelectorAll('[data-sid="' + n + '"]')) all.push(el);
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) collect(el.shadowRoot);
  };
  collect(document);
  for (const el of all) if (!s || s.ids.get(el) !== n) el.removeAttribute('data-sid');
}"""


class ElementNotFound(Exception):
    """The element is no longer on the page (or the id was never one of ours)."""

    def __init__(self, element_id: str) -> None:
        super().__init__(f"element {element_id} not found")
        self.element_id = element_id


async def _find_frame(page: Any, path: str) -> Any | None:
    if not path:
        return page.main_frame
    for frame in page.frames:
        if frame.is_detached():
            continue
        if await frame_path(frame) == path:
            return frame
    return None


async def locate(page: Any, element_id: str) -> Any:
    """A Locator for the element; Playwright's CSS engine pierces open shadow roots."""
    parsed = split_element_id(element_id)
    if parsed is None:
        raise ElementNotFound(element_id)
    path, number = parsed
    frame = await _find_frame(page, path)
    if frame is None:
        raise ElementNotFound(element_id)
    locator = frame.locator(f'[data-sid="{number}"]')
    try:
        count = await locator.count()
        if count > 1:
            await frame.evaluate(_DROP_IMPOSTORS, number)
            count = await locator.count()
    except Exception as exc:  # frame navigated away or detached meanwhile
        raise ElementNotFound(element_id) from exc
    if count != 1:
        raise ElementNotFound(element_id)
    return locator
