"""Where to click an element that something else partly covers, and a click's mouse events
that the browser sent elsewhere.

Playwright clicks an element's centre and waits until nothing covers that point; an element
whose centre lies under another one (an overlapping button, a sticky bar, a pie slice under
its label) then fails after the action's timeout although most of it is visible. This finds a
point of the element that is on top, so the click lands on the element itself, as a person
would click it.

A hover handler that moves the hovered element in the DOM (re-appended to be painted on top,
as an SVG pie menu's slice is) makes Chromium send the click's mouse events (mousedown,
mouseup, click) to the element's parent, while its pointer events still reach the element: a
listener on the element for mouseup or click never hears the click. When the press reached
the element as pointer events and its mouse events went elsewhere, those mouse events are
dispatched to the element at the same point."""

from __future__ import annotations

import contextlib
from typing import Any

# In one round trip: bring the element into view if it is not, find a point of it that is
# on top, and listen (capturing, on the window) for what of the click reaches it: its
# pointerup, and whether the mouseup (and click) came to it or went to another element. A
# page that cancels the pointerdown gets no mouse events at all: nothing went elsewhere,
# nothing is sent. The point is relative to the element's box, on a 5 x 5 grid, the centre
# first, then nearer the centre before nearer the edges; null when the centre is free (the
# usual case) or no sampled point is.
_PREPARE_JS = """el => {
  if (window.__stratusPress) window.__stratusPress.stop(); // a click that failed before
  const seen = { pointer: null, mouse: false, elsewhere: false };
  const reached = (e) => e.composedPath().includes(el);
  const onPointer = (e) => { if (reached(e)) seen.pointer = { x: e.clientX, y: e.clientY }; };
  const onMouse = (e) => { if (reached(e)) seen.mouse = true; else seen.elsewhere = true; };
  window.addEventListener("pointerup", onPointer, true);
  window.addEventListener("mouseup", onMouse, true);
  window.addEventListener("click", onMouse, true);
  seen.stop = () => {
    window.removeEventListener("pointerup", onPointer, true);
    window.removeEventListener("mouseup", onMouse, true);
    window.removeEventListener("click", onMouse, true);
  };
  window.__stratusPress = seen;
  let r = el.getBoundingClientRect();
  if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) {
    el.scrollIntoView({ block: "center", inline: "center" });
    r = el.getBoundingClientRect();
  }
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

# True when the mouse events went to another element and have been dispatched to this one.
_MEND_JS = """el => {
  const seen = window.__stratusPress;
  if (!seen) return false;
  delete window.__stratusPress;
  seen.stop();
  if (!seen.pointer || seen.mouse || !seen.elsewhere || !el.isConnected) return false;
  const at = { bubbles: true, cancelable: true, composed: true, view: window, button: 0,
    clientX: seen.pointer.x, clientY: seen.pointer.y, detail: 1 };
  el.dispatchEvent(new MouseEvent("mousedown", { ...at, buttons: 1 }));
  el.dispatchEvent(new MouseEvent("mouseup", at));
  el.dispatchEvent(new MouseEvent("click", at));
  return true;
}"""


async def click_element(locator: Any, timeout_ms: float) -> bool:
    """Click the element where it is on top (its centre, else an uncovered point of it). True
    when its mouse events went elsewhere and were dispatched to it."""
    # the element as located, for the click too: the snapshot's id on it does not survive a
    # re-render, so resolving the locator again would find nothing a handle does not
    element = await locator.element_handle(timeout=timeout_ms)
    try:
        point = await element.evaluate(_PREPARE_JS)  # its centre may be covered
        if point is None:
            await element.click(timeout=timeout_ms)
        else:
            await element.click(position=point, timeout=timeout_ms)
        with contextlib.suppress(Exception):  # the click may have left the page
            return bool(await element.evaluate(_MEND_JS))
        return False
    finally:
        with contextlib.suppress(Exception):
            await element.dispose()
