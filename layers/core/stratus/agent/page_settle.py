"""Wait, boundedly, for a page to settle, by evidence rather than fixed quiet windows.

The page is settled when its document is loaded, no request it waits for is in flight, no
navigation it started is on its way, no short timer it set is pending, and nothing changed
(DOM or network) for ``QUIET_MS`` since the last activity observed. An idle page settles on
the first reading. ``timeout_ms`` bounds the whole wait; requests that stay open (streams,
long-polling, hanging beacons) are left out once they are older than ``LONG_REQUEST_MS``.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

from .page_activity import QUIET_MS, Activity, keep_probed, read_activity, watch

__all__ = ["QUIET_MS", "Settled", "wait_for_settle"]

POLL_MS = 25  # between readings while the page is busy with something other than quiet


@dataclass
class Settled:
    """How a settle ended, and on what evidence it waited (empty: the page was idle)."""

    readings: int = 0
    waited_on: set[str] = field(default_factory=set)
    ignored_requests: tuple[str, ...] = ()  # long-lived requests not waited for
    timed_out: bool = False
    last: Activity | None = None


async def wait_for_settle(page: Any, *, timeout_ms: int = 3000) -> Settled:
    """Never raises on timeout, navigation or a closed page: settling is best effort."""
    deadline = time.monotonic() + timeout_ms / 1000
    settled = Settled()

    def remaining_ms() -> int:
        return max(0, int((deadline - time.monotonic()) * 1000))

    try:
        watch(page)
    except Exception:
        return settled  # a closed page
    while True:
        try:
            activity = await asyncio.wait_for(
                read_activity(page), timeout=max(remaining_ms(), 1) / 1000 + 0.5
            )
        except Exception:
            # the document went away under the reading (a navigation): wait for the next one
            settled.waited_on.add("navigation")
            if _closed(page) or not await _next_document(page, remaining_ms()):
                settled.timed_out = not _closed(page)
                return settled
            continue
        settled.readings += 1
        settled.last = activity
        try:
            await keep_probed(page, activity)
        except Exception:
            return settled  # a closed page
        settled.ignored_requests = activity.long_lived
        busy = activity.busy()
        if not busy:
            return settled
        settled.waited_on.update(busy)
        if remaining_ms() <= 0:
            settled.timed_out = True
            return settled
        await asyncio.sleep(min(_pause_ms(activity, busy), remaining_ms()) / 1000)


def _pause_ms(activity: Activity, busy: list[str]) -> float:
    if busy == ["changes"]:  # only the quiet is missing: sleep until it would be reached
        return max(1.0, QUIET_MS - activity.since_change_ms)
    return POLL_MS


async def _next_document(page: Any, limit_ms: int) -> bool:
    if limit_ms <= 0:
        return False
    with contextlib.suppress(Exception):
        await page.wait_for_load_state("domcontentloaded", timeout=limit_ms)
        return True
    return False


def _closed(page: Any) -> bool:
    try:
        return bool(page.is_closed())
    except Exception:
        return True
