"""Runs created in the same turn of the event loop, stored in one transaction.

A commit writes each page it changed to the database's log in full: about four pages of
4 KB for one run (the table and three indexes). Runs created together share most of their
pages, so storing them in one commit writes a fraction of that per run, and the disk stalls
that writes meet under load come less often. Concurrent creates arrive together: their
requests are read in the same turn of the loop, and each reaches this point before the next
turn, when the batch is stored.
"""

from __future__ import annotations

import asyncio
from weakref import WeakKeyDictionary

from ..domain.models import Run
from ..ports import Conflict
from ..services.runs import RunService

Waiting = list[tuple[Run, "asyncio.Future[Run | None]"]]


class RunsStoredTogether:
    def __init__(self, runs: RunService) -> None:
        self._runs = runs
        self._waiting: WeakKeyDictionary[asyncio.AbstractEventLoop, Waiting] = WeakKeyDictionary()

    async def store_and_start(self, run: Run) -> Run | None:
        """The run stored and started with the others created in this turn of the loop;
        None where storing would wait (the caller hands it to its writer thread then)."""
        loop = asyncio.get_running_loop()
        waiting = self._waiting.setdefault(loop, [])
        if not waiting:
            loop.call_soon(self._store, loop)
        future: asyncio.Future[Run | None] = loop.create_future()
        waiting.append((run, future))
        return await future

    def _store(self, loop: asyncio.AbstractEventLoop) -> None:
        # a request gone meanwhile (its client disconnected) has its run left unstored
        batch = [(run, future) for run, future in self._waiting.pop(loop, []) if not future.done()]
        if not batch:
            return
        try:
            stored = self._runs.store_and_start_at_once([run for run, _ in batch])
        except Conflict:  # none stored: alone, each request gets its own outcome
            for run, future in batch:
                self._store_alone(run, future)
            return
        except Exception as exc:  # the database failing: each request answers with it
            for _, future in batch:
                future.set_exception(exc)
            return
        for index, (_, future) in enumerate(batch):
            future.set_result(None if stored is None else stored[index])

    def _store_alone(self, run: Run, future: asyncio.Future[Run | None]) -> None:
        try:
            stored = self._runs.store_and_start_at_once([run])
        except Exception as exc:  # the request answers with it
            future.set_exception(exc)
        else:
            future.set_result(None if stored is None else stored[0])


_BY_SERVICE: WeakKeyDictionary[RunService, RunsStoredTogether] = WeakKeyDictionary()


def stored_together(runs: RunService) -> RunsStoredTogether:
    """The batches of the app's run service (one per service, whichever loops use it)."""
    together = _BY_SERVICE.get(runs)
    if together is None:
        together = _BY_SERVICE[runs] = RunsStoredTogether(runs)
    return together
