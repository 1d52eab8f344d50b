"""The local worker: drives queued runs step by step, N at once, and delivers webhooks.

While it runs it listens to the local Orchestrator: ``start`` hands it the run to drive
(no scan of the store per created run), ``cancel`` wakes it. It scans the store every poll
interval, so runs left by a crashed process are picked up again once their lease expires,
and each webhook is tried when it falls due on its schedule (kept in the store, so a
restart goes on with it).
A scan reads whole runs only when an active run is not driven yet. Runs waiting for
admission (over an active-run cap) are left alone until admitted; the worker admits them as
places free up.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable

from ..domain.models import Run
from ..ports import EXECUTION_MISSING, EXECUTION_RUNNING, ExecutionState, RunStore
from ..services.execution import ExecutionService
from ..services.webhooks import WebhookService
from .local_orchestrator import LocalOrchestrator

log = logging.getLogger(__name__)

SCAN_LIMIT = 200  # active runs read per scan, oldest first


class LocalWorker:
    def __init__(
        self,
        *,
        store: RunStore,
        execution: ExecutionService,
        webhooks: WebhookService,
        concurrency: int,
        poll_interval: float,
        admit_waiting: Callable[[], object] | None = None,
        orchestrator: LocalOrchestrator | None = None,
    ) -> None:
        self._orchestrator = orchestrator  # hands this worker the runs started elsewhere
        self._store = store
        self._execution = execution
        self._webhooks = webhooks
        self._places = concurrency  # runs driven at once
        self._taken = 0  # places taken
        self._poll = poll_interval
        self._admit_waiting = admit_waiting
        # every run this worker has taken on: its task, or None while it waits for a place
        # (a queued run costs an id in a queue, not a task, however long the queue)
        self._running: dict[str, asyncio.Task[None] | None] = {}
        self._waiting: deque[str] = deque()  # oldest first
        self._delivering: dict[str, asyncio.Task[None]] = {}
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._accepting = False  # run_forever is on: started runs are driven at once

    # Orchestrator port
    def start(self, run: Run) -> None:
        """Drive the admitted run (callable from any thread); before the worker runs, its
        first scan finds the run."""
        self._on_loop(self._begin, run.run_id)

    def cancel(self, run: Run) -> None:
        self.wake()

    def execution_state(self, run: Run) -> ExecutionState:
        """Running while this worker drives the run (the worker restarts lost runs itself)."""
        return ExecutionState(
            EXECUTION_RUNNING if run.run_id in self._running else EXECUTION_MISSING
        )

    def wake(self, *_: object) -> None:
        event = self._wake
        if event is not None:
            self._on_loop(event.set)

    def _on_loop(self, callback: Callable[..., object], *args: object) -> None:
        """Call on the worker's loop: now when called from it (a run created by a request
        on the embedded server), else through the loop's thread-safe queue, whose wake-up
        write and read are two system calls per created run when made from the loop."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            callback(*args)
        else:
            loop.call_soon_threadsafe(callback, *args)

    async def run_forever(self, stop: asyncio.Event) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._accepting = True
        if self._orchestrator is not None:
            self._orchestrator.listen(self)
        try:
            while not stop.is_set():
                self._schedule()
                self._wake.clear()
                waiters = [asyncio.ensure_future(self._wake.wait())]
                waiters.append(asyncio.ensure_future(stop.wait()))
                await asyncio.wait(waiters, timeout=self._poll, return_when="FIRST_COMPLETED")
                for waiter in waiters:
                    waiter.cancel()
        finally:
            self._accepting = False
            if self._orchestrator is not None:
                self._orchestrator.stop_listening(self)
            await self.drain()

    async def drain(self) -> None:
        driving = [task for task in self._running.values() if task is not None]
        tasks = [*driving, *self._delivering.values()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _schedule(self) -> None:
        for run_id in self._webhooks.due_run_ids():
            if run_id not in self._delivering:
                task = asyncio.create_task(self._deliver(run_id))
                self._delivering[run_id] = task
        # every active run already driven here: nothing to read (runs waiting for admission
        # are never driven, so with any of them the whole runs are read, as they must be)
        ids = self._store.list_active_run_ids(limit=SCAN_LIMIT)
        if all(run_id in self._running for run_id in ids):
            return
        active = self._store.list_active_runs(limit=SCAN_LIMIT)
        if self._admit_waiting is not None and any(r.awaiting_admission for r in active):
            try:
                self._admit_waiting()  # starts each run it admits
            except Exception:  # logged; the next scan admits again
                log.exception("admitting waiting runs failed")
        for run in active:
            if not run.awaiting_admission:
                self._begin(run.run_id)

    def _begin(self, run_id: str) -> None:
        """Drive the run unless it is driven already (on the worker's loop): at once if a
        place is free, else when one frees up, in the order runs were begun."""
        if self._accepting and run_id not in self._running:
            self._running[run_id] = None
            self._waiting.append(run_id)
            self._fill_places()

    def _fill_places(self) -> None:
        while self._accepting and self._waiting and self._taken < self._places:
            run_id = self._waiting.popleft()
            self._taken += 1
            self._running[run_id] = asyncio.create_task(self._drive(run_id))

    async def _deliver(self, run_id: str) -> None:
        try:
            await self._webhooks.deliver(run_id)
        except Exception:  # logged; the webhook stays due
            log.exception("webhook delivery for %s failed", run_id)
        finally:
            self._delivering.pop(run_id, None)

    async def _drive(self, run_id: str) -> None:
        """Steps until the run is done (or busy elsewhere), holding a place; a run whose
        step failed gives its place up and is left alone for a poll interval."""
        try:
            try:
                while True:
                    report = await self._execution.run_step(run_id)
                    if report.done or report.busy:
                        break
            finally:
                self._taken -= 1
                self._fill_places()
        except Exception:  # logged; the run is driven again
            log.exception("driving run %s failed", run_id)
            await asyncio.sleep(self._poll)
        finally:
            self._running.pop(run_id, None)
            self.wake()
