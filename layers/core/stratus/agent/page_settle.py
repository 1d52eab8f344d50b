"""Wait, boundedly, for a page to settle after an action: load, network, DOM quiet."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

# Resolves once no DOM mutation happened for `quiet` ms, or after `limit` ms.
_DOM_QUIET = """([quiet, limit]) => new Promise((resolve) => {
  const start = performance.now();
  let last = start;
  const obs = new MutationObserver(() => { last = performance.now(); });
  obs.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const tick = () => {
    const now = performance.now();
    if (now - last >= quiet || now - start >= limit) { obs.disconnect(); resolve(true); }
    else setTimeout(tick, 25);
  };
  setTimeout(tick, 25);
})"""

QUIET_MS = 120


async def wait_for_settle(page: Any, *, timeout_ms: int = 3000) -> None:
    """Never raises on timeout, navigation or a closed page: settling is best effort."""
    deadline = time.monotonic() + timeout_ms / 1000

    def remaining_ms() -> int:
        return max(0, int((deadline - time.monotonic()) * 1000))

    for state in ("domcontentloaded", "load"):
        if remaining_ms() <= 0:
            return
        try:
            await page.wait_for_load_state(state, timeout=remaining_ms())
        except Exception:
            return
    if remaining_ms() > 0:
        await _wait_network_quiet(page, min(remaining_ms(), 1000))
    for _ in range(2):  # a navigation during the wait destroys the context: try once more
        limit = remaining_ms()
        if limit <= 0:
            return
        try:
            await asyncio.wait_for(
                page.evaluate(_DOM_QUIET, [QUIET_MS, limit]), timeout=limit / 1000 + 0.5
            )
            return
        except Exception:
            try:
                await page.wait_for_load_state("domcontentloaded", timeout=max(1, remaining_ms()))
            except Exception:
                return


async def _wait_network_quiet(page: Any, limit_ms: int) -> None:
    with contextlib.suppress(Exception):
        await page.wait_for_load_state("networkidle", timeout=limit_ms)
