"""What every Lambda entry point shares: one event loop, kept for the process's life.

Async clients (httpx, Playwright) are bound to the loop that created them; a warm Lambda
container reuses its loop across invocations so those clients, and the browser, survive.
Lambda calls a handler from one thread; the loop is kept per thread so that a process
hosting several handlers on several threads (tests do) gives each its own.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

_local = threading.local()


def event_loop() -> asyncio.AbstractEventLoop:
    """This thread's loop (created on first use), also set as its current loop."""
    loop: asyncio.AbstractEventLoop | None = getattr(_local, "loop", None)
    if loop is None or loop.is_closed():
        loop = asyncio.new_event_loop()
        _local.loop = loop
    asyncio.set_event_loop(loop)
    return loop


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to completion on this thread's loop."""
    return event_loop().run_until_complete(coroutine)


def remaining_seconds(context: Any) -> float | None:
    """Seconds left in this Lambda invocation; None outside Lambda (a test, a direct call)."""
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    return remaining() / 1000 if remaining is not None else None
