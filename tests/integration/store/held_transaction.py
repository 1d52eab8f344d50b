"""A write transaction held open on another thread, for tests of what others see and may do
meanwhile."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager


@contextmanager
def transaction_held_open(
    transaction: Callable[[], AbstractContextManager[sqlite3.Connection]],
    write: Callable[[sqlite3.Connection], object],
    *,
    timeout: float = 30,
) -> Iterator[Callable[[], None]]:
    """Inside the block, another thread's transaction has made ``write`` and not committed;
    it commits when the block ends, or earlier when the yielded release is called."""
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction() as conn:
            write(conn)
            holding.set()
            release.wait(timeout)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(timeout)
        yield release.set
    finally:
        release.set()
        holder.join(timeout)
