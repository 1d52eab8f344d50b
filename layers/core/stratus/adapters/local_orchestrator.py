"""The local Orchestrator: hands started runs to the worker of this process.

It is built before the worker (the services the worker drives need an orchestrator to start
and cancel runs), and the worker listens to it while it runs. With no worker running,
``start`` does nothing: the worker's first scan finds the run in the store.
"""

from __future__ import annotations

from typing import Protocol

from ..domain.models import Run
from ..ports import EXECUTION_MISSING, ExecutionState


class RunDriver(Protocol):
    def start(self, run: Run) -> None: ...
    def cancel(self, run: Run) -> None: ...
    def execution_state(self, run: Run) -> ExecutionState: ...


class LocalOrchestrator:
    def __init__(self) -> None:
        self._driver: RunDriver | None = None

    def listen(self, driver: RunDriver) -> None:
        """The worker drives runs from now on (until ``stop_listening``)."""
        self._driver = driver

    def stop_listening(self, driver: RunDriver) -> None:
        if self._driver is driver:
            self._driver = None

    # Orchestrator port
    def start(self, run: Run) -> None:
        driver = self._driver
        if driver is not None:
            driver.start(run)

    def cancel(self, run: Run) -> None:
        driver = self._driver
        if driver is not None:
            driver.cancel(run)

    # ExecutionMonitor port
    def execution_state(self, run: Run) -> ExecutionState:
        driver = self._driver
        return (
            driver.execution_state(run) if driver is not None else ExecutionState(EXECUTION_MISSING)
        )
