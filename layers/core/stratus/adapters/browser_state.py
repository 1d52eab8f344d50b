"""Capture and restore what a cold browser needs to continue a run.

Cookies and localStorage go through Playwright's storage_state; the URL, the page's
sessionStorage, typed form values and the scroll position through small page scripts.

A saved state carries a ``version`` (one more than the state it continued from) so a warm
browser can tell that another process has moved the run on since it last saw it. A restore
says what it brought back: a page that cannot be reopened as it was (a form's POST result,
an error, a redirect elsewhere) is reported, never silently replaced by another page.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from ..domain.browser_sessions import run_state_key
from ..domain.error_text import first_line
from ..domain.page_restore import PageRestore

_COLLECT_PAGE = """() => {
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
  const session = {};
  try {
    for (let i = 0; i < sessionStorage.length; i++) {
      const k = sessionStorage.key(i);
      session[k] = sessionStorage.getItem(k);
    }
  } catch (e) {}
  return { fields: out, scroll: [window.scrollX, window.scrollY], session };
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

_SET_SESSION_STORAGE = """(items) => {
  for (const [k, v] of Object.entries(items)) sessionStorage.setItem(k, v);
}"""

_BLANK_DOCUMENT = "<!doctype html><title></title>"


def state_key(run_id: str) -> str:
    return run_state_key(run_id)


def state_version(state: dict[str, Any] | None) -> int:
    if not state:
        return 0
    version = state.get("version", 0)
    return version if isinstance(version, int) else 0


async def capture_state(
    context: Any,
    page: Any | None,
    *,
    navigation_method: str | None = None,
    open_pages: int = 1,
) -> dict[str, Any]:
    state: dict[str, Any] = {"storage": await context.storage_state()}
    if page is not None and not page.is_closed():
        state["url"] = page.url
        if navigation_method:
            state["navigation_method"] = navigation_method
        try:
            collected = await page.evaluate(_COLLECT_PAGE)
        except Exception as exc:  # kept, so the restore can say what it could not bring back
            state["page_not_saved"] = first_line(exc)
        else:
            state["session_storage"] = collected.pop("session", {}) or {}
            state["page"] = collected
    if open_pages > 1:
        state["other_pages"] = open_pages - 1
    return state


def _same_page(saved: str, reached: str) -> bool:
    a, b = urlsplit(saved), urlsplit(reached)
    return (a.scheme, a.netloc, a.path.rstrip("/") or "/", a.query) == (
        b.scheme,
        b.netloc,
        b.path.rstrip("/") or "/",
        b.query,
    )


async def _seed_session_storage(page: Any, url: str, items: dict[str, str]) -> None:
    """Put the tab's sessionStorage back before the page's own scripts run: open the URL
    once as an empty document served locally (no request leaves), set the items, then the
    real load in the same tab sees them."""

    async def blank(route: Any) -> None:
        await route.fulfill(status=200, content_type="text/html", body=_BLANK_DOCUMENT)

    await page.route(url, blank)
    try:
        await page.goto(url, wait_until="commit", timeout=10_000)
        await page.evaluate(_SET_SESSION_STORAGE, items)
    finally:
        await page.unroute(url, blank)


async def restore_page(page: Any, state: dict[str, Any]) -> PageRestore:
    url = state.get("url")
    if not url or url == "about:blank":
        return PageRestore(url=None)
    if url.startswith("chrome-error://"):
        return PageRestore(url=url, lost="the page had failed to load before the move")
    method = str(state.get("navigation_method") or "GET").upper()
    if method != "GET":
        return PageRestore(
            url=url,
            lost=f"{url} was the answer to a form submission ({method}) and cannot be reopened",
        )
    lost = await _reopen(page, url, state.get("session_storage") or {})
    if lost:
        return PageRestore(url=url, lost=lost)
    not_saved = state.get("page_not_saved")
    fields_not_restored = f"they were not saved ({not_saved})" if not_saved else None
    page_state = state.get("page")
    if page_state:
        try:
            await page.evaluate(_RESTORE_FIELDS, page_state)
        except Exception as exc:  # the page is back; the note tells the step what is missing
            fields_not_restored = first_line(exc)
    others = state.get("other_pages")
    return PageRestore(
        url=url,
        other_tabs_dropped=others if isinstance(others, int) else 0,
        fields_not_restored=fields_not_restored,
    )


async def _reopen(page: Any, url: str, session_items: dict[str, str]) -> str | None:
    """Reopen ``url`` with GET; the reason it is not the saved page, or None."""
    try:
        if session_items:
            await _seed_session_storage(page, url, session_items)
        response = await page.goto(url, wait_until="load", timeout=30_000)
    except Exception as exc:  # any failure: the reason is returned
        return f"reopening {url} failed: {first_line(exc)}"
    if response is not None and response.status >= 400:
        return f"reopening {url} answered HTTP {response.status}"
    if not _same_page(url, page.url):
        return f"reopening {url} led to another page ({page.url})"
    return None


def encode_state(state: dict[str, Any]) -> bytes:
    return json.dumps(state).encode()


def decode_state(data: bytes) -> dict[str, Any]:
    decoded = json.loads(data.decode())
    if not isinstance(decoded, dict):
        raise ValueError("saved browser state is not an object")
    return decoded
