"""Whether typing into a field can reach a key listener of the page.

Typing key by key (``press_sequentially``) costs a round trip to the browser per key;
``fill`` puts the whole text in at once, with one ``input`` event and no key events. The two
differ only to a script listening to keys, so a field is filled at once only when the
activity probe, installed before the page's own scripts ran, saw no listener for keydown,
keypress, keyup or beforeinput on the field, an ancestor (across shadow roots), its document
or its window, nor an ``on<key event>`` handler there. Listeners for ``input`` and ``change``
see the same value either way. When listeners were seen (an autocomplete, a masked field, a
terminal), or the probe came after the page's scripts and cannot tell, the field is typed
into key by key, as a person would.
"""

from __future__ import annotations

import json
from typing import Any

from .page_activity import KEY

# The field's value before typing (None: not an input or textarea) and whether keys are heard,
# in one round trip.
FIELD_JS = f"""el => {{
  const s = window[{json.dumps(KEY)}];
  const field = el.tagName === "INPUT" || el.tagName === "TEXTAREA";
  return {{ value: field ? el.value : null, keys: !s || !s.fromStart || s.hearsKeys(el) }};
}}"""


async def read_field(locator: Any, timeout_ms: float) -> tuple[str | None, bool]:
    """The field's value, and True unless the probe is sure no key listener can see typing
    into it."""
    try:
        seen = await locator.evaluate(FIELD_JS, timeout=timeout_ms)
    except Exception:  # a detached element, a frame refusing scripts: type key by key
        return None, True
    value = seen.get("value")
    return (None if value is None else str(value)), bool(seen.get("keys", True))
