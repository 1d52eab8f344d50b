"""Actions done with the mouse along a path: dragging an element, selecting text.

``handlers`` registers these with the one action registry (``HANDLERS``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..domain.snapshot import ElementInfo
from . import actions as a
from .action_errors import ActionFailed
from .action_timeouts import ACTION_TIMEOUT_MS
from .secret_fields import is_secret_field

if TYPE_CHECKING:
    from .handlers import ActionEnv

DRAG_STEPS = 12  # pointer moves along each leg of a drag
Point = tuple[float, float]


def past_centre(start: Point, box: dict[str, float]) -> Point:
    """Where a drag from ``start`` onto ``box`` passes the box's centre before coming back
    to rest on it: on the line of travel, as far past the centre as stays in the box's middle
    half (a quarter of its width and height from the centre).

    A sortable list (jQuery UI's, and most built like it) moves an item past another when the
    pointer crosses that item's midline in the direction of travel; a release exactly on the
    centre is a tie that sub-pixel rounding decides, which is why a list moved items up but
    not down. Crossing the midline by a share of the target's own size, and then resting on
    the centre (where the list no longer changes: the target has moved away from under the
    pointer), makes the crossing certain; a drop zone still gets the drop at its centre."""
    cx, cy = _centre(box)
    dx, dy = cx - start[0], cy - start[1]
    limits = [box["width"] / 4 / abs(dx)] if dx else []
    if dy:
        limits.append(box["height"] / 4 / abs(dy))
    if not limits:
        return cx, cy
    k = min(limits)
    return cx + dx * k, cy + dy * k


async def _box(locator: Any, what: str) -> dict[str, float]:
    box: dict[str, float] | None = await locator.bounding_box(timeout=ACTION_TIMEOUT_MS)
    if box is None:
        raise ActionFailed(f"the {what} has no box on the screen to drag")
    return box


def _centre(box: dict[str, float]) -> Point:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


async def drag(env: ActionEnv, action: a.DragAction, target: ElementInfo) -> dict[str, Any]:
    source = await env.locator(action.element_id)
    if action.target_id:
        if env.snapshot.element(action.target_id) is None:
            raise ActionFailed(f"target id {action.target_id!r} is not on the page")
        destination = await env.locator(action.target_id)
        await destination.scroll_into_view_if_needed(timeout=ACTION_TIMEOUT_MS)
    elif not (action.offset_x or action.offset_y):
        raise ActionFailed("drag needs a target_id or an offset (offset_x, offset_y)")
    await source.scroll_into_view_if_needed(timeout=ACTION_TIMEOUT_MS)
    start = _centre(await _box(source, "element"))
    if action.target_id:
        end_box = await _box(destination, "target")
        path = [past_centre(start, end_box), _centre(end_box)]
    else:
        path = [(start[0] + action.offset_x, start[1] + action.offset_y)]
    # moved in steps, as a hand does: widgets that track the pointer's direction (a sortable
    # list) see it travel, not jump
    mouse = env.page.mouse
    await mouse.move(*start)
    await mouse.down()
    for x, y in path:
        await mouse.move(x, y, steps=DRAG_STEPS)
    await mouse.up()
    return {}


# Finds the text among the visible text of the root (whitespace ignored, as text spread over
# lines and elements reads; case ignored when no exact match) and makes it the selection: the
# field's own selection in an input or text area, else a DOM Range. Returns what is selected,
# or null when the text is not there.
_SELECT_TEXT_JS = """(root, wanted) => {
  const squeeze = (s) => s.replace(/\\s+/g, "");
  const want = squeeze(wanted);
  const find = (text) => {
    const at = text.indexOf(want);
    return at >= 0 ? at : text.toLowerCase().indexOf(want.toLowerCase());
  };
  if (root.tagName === "INPUT" || root.tagName === "TEXTAREA") {
    const value = root.value;
    const places = [];
    for (let i = 0; i < value.length; i++) if (!/\\s/.test(value[i])) places.push(i);
    const at = find(squeeze(value));
    if (at < 0) return null;
    root.focus();
    root.setSelectionRange(places[at], places[at + want.length - 1] + 1);
    return value.slice(places[at], places[at + want.length - 1] + 1);
  }
  const skip = /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|TEXTAREA|SELECT)$/;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => {
      const p = n.parentElement;
      return p && !skip.test(p.tagName) && p.getClientRects().length
        ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
    },
  });
  let text = "";
  const places = []; // [node, offset] of each character of text
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (let i = 0; i < n.data.length; i++) {
      if (/\\s/.test(n.data[i])) continue;
      text += n.data[i];
      places.push([n, i]);
    }
  }
  const at = find(text);
  if (at < 0) return null;
  const [first, last] = [places[at], places[at + want.length - 1]];
  const range = document.createRange();
  range.setStart(first[0], first[1]);
  range.setEnd(last[0], last[1] + 1);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return selection.toString();
}"""


async def select_text(
    env: ActionEnv, action: a.SelectTextAction, target: ElementInfo | None
) -> dict[str, Any]:
    if not action.text.split():
        raise ActionFailed("select_text needs the text to select")
    if is_secret_field(target):  # its value is never read back into a record
        raise ActionFailed("text in a password or one-time-code field is not selected")
    if action.element_id:
        root = await env.locator(action.element_id)
    else:
        root = env.page.locator("body")
    selected = await root.evaluate(_SELECT_TEXT_JS, action.text)
    if selected is None:
        where = f"element {action.element_id!r}" if action.element_id else "the page"
        raise ActionFailed(f"the text {action.text!r} is not in {where}")
    return {"selected": selected}
