"""Freezing the start-up heap of a long-running process.

A full garbage collection walks every object the collector tracks. In the embedded server
most of them are made once at start-up and live as long as the process (the modules, above
all litellm's: some 250,000 objects of about 380,000), so each full collection walked them
again: 200-450 ms during which no request was answered, every few seconds under load (seen
with ``gc.callbacks`` in the server during the write-path bench). ``gc.freeze`` moves what
exists into a generation the collector never walks; objects made afterwards are collected
as before. Objects frozen are never freed by the collector, only by reference counting, so
this is done once, after start-up has loaded what it loads, not periodically.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable

from .model_ports import ModelCredentials


async def freeze_once_loaded(
    credentials: ModelCredentials | None, freeze: Callable[[], None] = gc.freeze
) -> None:
    """Freeze the heap once what loads in the background at start-up has loaded."""
    if credentials is not None:
        await asyncio.to_thread(credentials.wait_until_loaded)
    freeze()
