"""Keeps a run's lease while one of its steps runs.

A renewal that raises (the store unreachable, say) ends the step at once: the worker can
no longer show it holds the run, so another may take it over when the lease expires. The
step then fails with the reason and is retried like any crashed step.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from types import TracebackType

from ..domain.error_text import first_line
from ..domain.status import ACTIVE_RUN_STATUSES
from ..ports import Clock, RunCondition, RunStore

log = logging.getLogger(__name__)


class LeaseNotRenewed(Exception):
    """The run's lease could not be renewed during the step."""


class LeaseHeartbeat:
    """``async with LeaseHeartbeat(...)`` around a step: renews the lease every third of
    its length; a failed renewal cancels the step and raises ``LeaseNotRenewed``."""

    def __init__(
        self, store: RunStore, clock: Clock, run_id: str, owner: str, lease_seconds: float
    ) -> None:
        self._store = store
        self._clock = clock
        self._run_id = run_id
        self._owner = owner
        self._lease_seconds = lease_seconds
        self._failure: str | None = None
        self._step: asyncio.Task[object] | None = None
        self._beat: asyncio.Task[None] | None = None

    async def __aenter__(self) -> LeaseHeartbeat:
        self._step = asyncio.current_task()
        self._beat = asyncio.create_task(self._renew_until_stopped())
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._beat is not None and self._step is not None
        self._beat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._beat
        if self._failure is None:
            return
        if self._step.cancelling():
            self._step.uncancel()  # the cancel was the heartbeat's own
        raise LeaseNotRenewed(self._failure) from exc

    async def _renew_until_stopped(self) -> None:
        interval = max(self._lease_seconds / 3, 0.05)
        while True:
            await asyncio.sleep(interval)
            now = self._clock.now()
            try:
                self._store.update_run(
                    self._run_id,
                    {"lease_expires_at": now + timedelta(seconds=self._lease_seconds)},
                    RunCondition(lease_held_by=self._owner, status_in=ACTIVE_RUN_STATUSES),
                )
            except Exception as error:  # any store failure: the step cannot go on safely
                self._failure = f"the run's lease could not be renewed: {first_line(error)}"
                log.warning("%s (run %s)", self._failure, self._run_id)
                assert self._step is not None
                self._step.cancel()
                return
