"""What a page is doing right now, by evidence: the requests Playwright saw in flight, and
what a probe inside the page saw (DOM mutations, a navigation under way, short timers and
animation frames, key listeners).

What happened while the document loaded (its parsing's mutations, its own resources' requests)
is not evidence of anything still to come once the load is over: the quiet after the last
change is counted only from changes after the load event, and from the end of any fetch or
XHR (the page's scripts render what those bring, whenever they ended).

The probe is added as an init script to each page the first time it is read (so every
later document carries it from its first line), and injected into the current document on
the spot. ``read_activity`` is one ``evaluate`` round trip; an idle page costs no more.
"""

from __future__ import annotations

import time
import weakref
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A response slower than this is treated as a background request (long-polling, a stream, a
# beacon that hangs), not as part of the page's load: what it brings later is read on a later
# step. The previous settle gave the network the same second before reading the page anyway.
LONG_REQUEST_MS = 1000
# Requests that stay open by design: never waited for.
STREAMING_TYPES = frozenset({"eventsource", "websocket"})
# A timer set for later than this is a later update (a banner, a poll), not the page's render.
TIMER_HORIZON_MS = 1000
# Timers set by timer callbacks are followed this deep: a self-rescheduling poller stops
# counting after its second round instead of holding every read until the upper bound.
TIMER_CHAIN = 2
# A navigation the page started that has not sent its request by then was dropped (turned
# into a download, answered 204, cancelled by the page).
NAV_START_MS = 1000
# Quiet needed after the last observed activity (a mutation, a request starting or ending):
# the time a page takes to render what a response or an event brought, as before.
QUIET_MS = 120

# Requests whose response the page's scripts receive and render: the quiet after one is
# waited for even when it ended while the document was still loading.
DATA_TYPES = frozenset({"fetch", "xhr"})

KEY = "__stratusActivity"

_SOURCE = (
    (Path(__file__).parent / "page_activity.js")
    .read_text(encoding="utf-8")
    .replace("__KEY__", KEY)
    .replace("__HORIZON__", str(TIMER_HORIZON_MS))
    .replace("__CHAIN__", str(TIMER_CHAIN))
)
# Added as an init script (to a context or a page): it runs before the page's own scripts.
INIT_PROBE_JS = _SOURCE.replace("__FROM_START__", "true")
# Evaluated to read the page; installs the probe on the spot in a document that lacks it.
PROBE_JS = _SOURCE.replace("__FROM_START__", "false")


@dataclass(frozen=True)
class NetworkMove:
    """A request ending (or a stream opening), as the settle weighs it."""

    at: float  # when it was reported (monotonic)
    ended_ms: float | None  # when the browser had the response (epoch ms); None: unknown
    data: bool  # a fetch or XHR


@dataclass
class _Requests:
    """The requests of one page that Playwright reported, and when the network last moved."""

    in_flight: dict[Any, float] = field(default_factory=dict)  # request -> start (monotonic)
    navigations: set[Any] = field(default_factory=set)  # main-frame documents on their way
    recent: deque[NetworkMove] = field(default_factory=deque)  # the last QUIET_MS of moves
    last_popup: float = float("-inf")  # when a tab or window this page opened appeared

    def on_popup(self, *_: Any) -> None:
        self.last_popup = time.monotonic()

    def on_start(self, request: Any) -> None:
        """A request in flight is evidence of its own (``requests``) until it ends; a stream
        is not waited for, so its opening is a move."""
        now = time.monotonic()
        try:
            if request.resource_type in STREAMING_TYPES:
                self._moved(request, now, None)
                return
            if request.is_navigation_request() and request.frame.parent_frame is None:
                self.navigations.add(request)
        except Exception:  # a service worker's request has no frame
            pass
        self.in_flight[request] = now

    def on_end(self, request: Any) -> None:
        now = time.monotonic()
        self._moved(request, now, _ended_ms(request))
        self.in_flight.pop(request, None)
        self.navigations.discard(request)

    def _moved(self, request: Any, now: float, ended_ms: float | None) -> None:
        data = getattr(request, "resource_type", None) in DATA_TYPES
        self.recent.append(NetworkMove(at=now, ended_ms=ended_ms, data=data))
        self.forget_before(now)

    def forget_before(self, now: float) -> None:
        """Moves older than QUIET_MS can no longer hold a settle."""
        while self.recent and (now - self.recent[0].at) * 1000 >= QUIET_MS:
            self.recent.popleft()

    def on_navigation_over(self, *_: Any) -> None:
        """A document committed or turned into a download: its request is no navigation to
        wait for any more (the new document's loading is read from the page itself)."""
        for request in self.navigations:
            self.in_flight.pop(request, None)
        self.navigations.clear()

    def waited_for(self, now: float) -> tuple[int, tuple[str, ...]]:
        """How many requests are waited for, and the long-lived ones that are not.

        A main-frame navigation is always waited for (up to the settle's bound): reading the
        old page while the next one is on its way would report a page that is leaving."""
        waited, long_lived = 0, []
        for request, start in self.in_flight.items():
            if request in self.navigations or (now - start) * 1000 < LONG_REQUEST_MS:
                waited += 1
            else:
                long_lived.append(_url(request))
        return waited, tuple(long_lived)


@dataclass(frozen=True)
class Activity:
    """One reading of a page, merged from the probe and the request listeners."""

    doc: str
    ready: str
    since_change_ms: float  # since the last change that is not the document's load itself
    changes: int
    navigation_for_ms: float | None  # a navigation the page started, not yet committed
    opening_for_ms: float | None  # a tab or window the page asked for, not yet open
    timers: int  # short timers set and not fired yet
    requests: int  # in flight and waited for
    long_lived: tuple[str, ...]  # in flight for longer than LONG_REQUEST_MS: not waited for
    probe_from_start: bool = False  # the probe was an init script in this document

    @property
    def document_ready(self) -> bool:
        """Loaded, or held back only by requests that are not waited for."""
        if self.ready == "complete":
            return True
        return self.ready == "interactive" and not self.requests and bool(self.long_lived)

    def busy(self) -> list[str]:
        """The evidence that the page is still working; empty when it is idle."""
        reasons = []
        if not self.document_ready:
            reasons.append("loading")
        if self.requests:
            reasons.append("requests")
        if self.navigation_for_ms is not None and self.navigation_for_ms < NAV_START_MS:
            reasons.append("navigation")
        if self.opening_for_ms is not None and self.opening_for_ms < NAV_START_MS:
            reasons.append("opening")
        if self.timers:
            reasons.append("timers")
        if self.since_change_ms < QUIET_MS:
            reasons.append("changes")
        return reasons


_tracked: weakref.WeakKeyDictionary[Any, _Requests] = weakref.WeakKeyDictionary()
_added_to: weakref.WeakSet[Any] = weakref.WeakSet()


def _requests_of(page: Any) -> _Requests:
    requests = _tracked.get(page)
    if requests is None:
        requests = _Requests()
        _tracked[page] = requests
        page.on("request", requests.on_start)
        page.on("requestfinished", requests.on_end)
        page.on("requestfailed", requests.on_end)
        page.on("download", requests.on_navigation_over)
        page.on("popup", requests.on_popup)

        def on_frame_navigated(frame: Any) -> None:
            if frame.parent_frame is None:
                requests.on_navigation_over()

        page.on("framenavigated", on_frame_navigated)
    return requests


def watch(page: Any) -> None:
    """Start observing the page's requests."""
    _requests_of(page)


async def keep_probed(page: Any, activity: Activity) -> None:
    """See that every later document of the page carries the probe from its first line: a
    probe that came from an init script (the browser context's) is there already."""
    if page not in _added_to:
        _added_to.add(page)
        if not activity.probe_from_start:
            await page.add_init_script(INIT_PROBE_JS)


async def read_activity(page: Any) -> Activity:
    """Raises what ``page.evaluate`` raises (a navigation destroyed the document, a closed
    page): the caller decides what that means."""
    requests = _requests_of(page)
    seen = await page.evaluate(PROBE_JS)
    now = time.monotonic()
    waited, long_lived = requests.waited_for(now)
    requests.forget_before(now)
    loaded = seen.get("loadedFor") is not None
    return Activity(
        doc=str(seen["doc"]),
        ready=str(seen["ready"]),
        since_change_ms=since_change_ms(
            float(seen["sinceChange"]),
            float(seen["loadedFor"]) if loaded else None,
            [((now - m.at) * 1000, m.ended_ms, m.data) for m in requests.recent],
            float(seen["loadEnd"]) if loaded else None,
        ),
        changes=int(seen["changes"]),
        navigation_for_ms=None if seen["navFor"] is None else float(seen["navFor"]),
        opening_for_ms=_still_opening(seen.get("openFor"), requests.last_popup, now),
        timers=int(seen["timers"]),
        requests=waited,
        long_lived=long_lived,
        probe_from_start=bool(seen.get("fromStart")),
    )


def since_change_ms(
    mutation_ms: float,
    loaded_for_ms: float | None,
    moves: Iterable[tuple[float, float | None, bool]],
    load_end_ms: float | None,
) -> float:
    """Time since the last change that says the page may still render something.

    ``moves`` are (how long ago it was reported, when the browser had the response in epoch
    ms or None, a fetch or XHR). Counted: a mutation after the load event, a request that
    ended after it (or at a time unknown), a fetch or XHR whenever it ended; before the load
    event is over (``loaded_for_ms`` None) everything. The load's own mutations and requests
    (the parsing, its document, scripts, styles and images) are over when the load event is:
    they are no evidence of anything still to render."""
    changes = [float("inf")]
    if loaded_for_ms is None or mutation_ms < loaded_for_ms:
        changes.append(mutation_ms)
    for ago_ms, ended_ms, data in moves:
        if data or load_end_ms is None or ended_ms is None or ended_ms >= load_end_ms:
            changes.append(ago_ms)
    return min(changes)


def _still_opening(open_for_ms: Any, last_popup: float, now: float) -> float | None:
    """How long ago the page asked for a new tab or window, while none has appeared since."""
    if open_for_ms is None:
        return None
    asked_at = now - float(open_for_ms) / 1000
    return None if last_popup >= asked_at - 0.005 else float(open_for_ms)


def _ended_ms(request: Any) -> float | None:
    """When the browser had the whole response, by its own clock (epoch ms): a report that
    reaches us late (the document's own often comes after its load event) keeps its place."""
    try:
        timing = request.timing
        start, end = float(timing["startTime"]), float(timing["responseEnd"])
    except Exception:
        return None
    return start + end if start > 0 and end >= 0 else None


def _url(request: Any) -> str:
    try:
        return str(request.url)
    except Exception:
        return "?"
