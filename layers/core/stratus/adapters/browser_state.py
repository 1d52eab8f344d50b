"""Capture and restore what a cold browser needs to continue a run.

Cookies and storage go through Playwright's storage_state; the URL, typed form values
and the scroll position through small page scripts.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

_COLLECT_FIELDS = """() => {
  const out = [];
  const counts = {};
  const SKIP = ["password", "file", "hidden", "submit", "button", "reset", "image"];
  for (const el of document.querySelectorAll("input, textarea, select")) {
    const type = (el.type || "").toLowerCase();
    if (SKIP.includes(type)) continue;
    let key;
    if (el.id) key = "#" + CSS.escape(el.id);
    else if (el.name) key = el.tagName.toLowerCase() + "[name=" + JSON.stringify(el.name) + "]";
    else key = el.tagName.toLowerCase();
    const index = counts[key] = (counts[key] ?? -1) + 1;
    const entry = { key, index };
    if (type === "checkbox" || type === "radio") entry.checked = el.checked;
    else entry.value = el.value;
    out.push(entry);
  }
  return { fields: out, scroll: [window.scrollX, window.scrollY] };
}"""

_RESTORE_FIELDS = """({ fields, scroll }) => {
  for (const f of fields) {
    const el = document.querySelectorAll(f.key)[f.index];
    if (!el) continue;
    if ("checked" in f) {
      if (el.checked !== f.checked) el.checked = f.checked;
    } else if (el.value !== f.value) {
      el.value = f.value;
    } else continue;
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }
  if (scroll) window.scrollTo(scroll[0], scroll[1]);
}"""


def state_key(run_id: str) -> str:
    return f"state/{run_id}.json"


async def capture_state(context: Any, page: Any | None) -> dict[str, Any]:
    state: dict[str, Any] = {"storage": await context.storage_state()}
    if page is not None and not page.is_closed():
        state["url"] = page.url
        with contextlib.suppress(Exception):
            state["page"] = await page.evaluate(_COLLECT_FIELDS)
    return state


async def restore_page(page: Any, state: dict[str, Any]) -> None:
    url = state.get("url")
    if not url or url == "about:blank":
        return
    with contextlib.suppress(Exception):
        await page.goto(url, wait_until="load", timeout=30_000)
    page_state = state.get("page")
    if page_state:
        with contextlib.suppress(Exception):
            await page.evaluate(_RESTORE_FIELDS, page_state)


def encode_state(state: dict[str, Any]) -> bytes:
    return json.dumps(state).encode()


def decode_state(data: bytes) -> dict[str, Any]:
    return json.loads(data.decode())
