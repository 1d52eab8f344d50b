"""EventPublisher in process: subscribers are called synchronously and must not block."""

from __future__ import annotations

import logging
from collections.abc import Callable

from ..domain.models import Run

log = logging.getLogger(__name__)


class LocalEventBus:
    def __init__(self) -> None:
        self._subscribers: list[Callable[[Run], None]] = []
        self.published: list[str] = []

    def subscribe(self, callback: Callable[[Run], None]) -> None:
        self._subscribers.append(callback)

    def publish_run_finished(self, run: Run) -> None:
        self.published.append(run.run_id)
        for callback in self._subscribers:
            try:
                callback(run)
            except Exception:
                log.exception("run-finished subscriber failed for %s", run.run_id)
