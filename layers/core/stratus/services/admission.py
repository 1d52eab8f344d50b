"""Admission: how many runs may be active at once, and starting the ones that fit.

A run is *active* once it was started (its execution exists, or the local worker may
drive it) and until it ends. Over a cap, a new run is stored ``queued`` with
``awaiting_admission`` and is not started; whenever a run ends (and on every sweep) the
oldest waiting runs that now fit are admitted. Admitting is a conditional write on the
flag, so two admitters never start one run twice.

The count is read from the store's active runs, so two admitters running at the same
instant may both admit into the last free place: a cap can be passed by the number of
concurrent admitters, briefly, never by a run started twice.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from ..domain.models import Run
from ..domain.status import RunStatus
from ..ports import Clock, Metrics, NoMetrics, Orchestrator, RunCondition, RunStore

log = logging.getLogger(__name__)

# Active runs read per admission pass: the admitted ones and the oldest waiting ones.
SCAN_LIMIT = 500


@dataclass(frozen=True)
class Caps:
    per_organization: int | None = None
    total: int | None = None

    @property
    def unlimited(self) -> bool:
        return self.per_organization is None and self.total is None


@dataclass
class Occupancy:
    """Admitted, unfinished runs: in total and per organization."""

    total: int
    by_organization: Counter[str]

    @classmethod
    def of(cls, runs: Iterable[Run]) -> Occupancy:
        admitted = [r for r in runs if not r.awaiting_admission and not r.is_terminal]
        return cls(len(admitted), Counter(r.organization_id for r in admitted))

    def fits(self, run: Run, caps: Caps) -> bool:
        if caps.total is not None and self.total >= caps.total:
            return False
        org = self.by_organization[run.organization_id]
        return caps.per_organization is None or org < caps.per_organization

    def add(self, run: Run) -> None:
        self.total += 1
        self.by_organization[run.organization_id] += 1


def waiting_in_order(runs: Iterable[Run]) -> list[Run]:
    """Runs waiting for admission, oldest first."""
    waiting = [r for r in runs if r.awaiting_admission and r.status is RunStatus.queued]
    return sorted(waiting, key=lambda r: (r.created_at, r.run_id))


class Finisher(Protocol):
    def finish(
        self, run_id: str, status: RunStatus, *, failure_reason: str | None = None
    ) -> Run | None: ...


class Admission:
    def __init__(
        self,
        *,
        store: RunStore,
        orchestrator: Orchestrator,
        lifecycle: Finisher,
        clock: Clock,
        caps: Caps,
        metrics: Metrics | None = None,
    ) -> None:
        self._store = store
        self._orchestrator = orchestrator
        self._lifecycle = lifecycle
        self._clock = clock
        self.caps = caps
        self._metrics = metrics or NoMetrics()
        self._local = threading.local()  # an admission pass in progress on this thread

    @property
    def unlimited(self) -> bool:
        return self.caps.unlimited

    def start(self, run: Run) -> Run | None:
        """Start an admitted run; a run that cannot be started ends failed (None then)."""
        try:
            self._orchestrator.start(run)
        except Exception as exc:  # the run fails with the reason
            log.exception("could not start run %s", run.run_id)
            reason = f"the run could not be started: {type(exc).__name__}"
            self._lifecycle.finish(run.run_id, RunStatus.failed, failure_reason=reason)
            return None
        self._metrics.emit("RunsStarted", 1)
        return run

    def admit_waiting(self) -> list[str]:
        """Admit and start the oldest waiting runs that fit the caps; their ids.

        A run that cannot be started ends, and its end calls back here: that nested call
        is skipped, as this pass goes on with the place it freed."""
        if getattr(self._local, "admitting", False):
            return []
        self._local.admitting = True
        try:
            return self._admit_waiting()
        finally:
            self._local.admitting = False

    def _admit_waiting(self) -> list[str]:
        active = self._store.list_active_runs(limit=SCAN_LIMIT)
        waiting = waiting_in_order(active)
        if not waiting:
            return []
        occupancy = Occupancy.of(active)
        admitted: list[str] = []
        for run in waiting:
            if not occupancy.fits(run, self.caps):
                continue  # a later run of another organization may still fit
            claimed = self._store.update_run(
                run.run_id,
                {"awaiting_admission": False, "modified_at": self._clock.now()},
                RunCondition(status_in=frozenset({RunStatus.queued}), awaiting_admission=True),
            )
            if claimed is None:
                continue  # canceled meanwhile, or another admitter took it
            if self.start(claimed) is not None:
                occupancy.add(claimed)
                admitted.append(claimed.run_id)
        return admitted

    def after_finish(self, run: Run) -> None:
        """A run ended: its place may go to a waiting run. Never fails the finish."""
        if self.unlimited:
            return
        try:
            self.admit_waiting()
        except Exception:  # logged; the next end or scan admits again
            log.exception("admitting waiting runs after %s ended failed", run.run_id)
