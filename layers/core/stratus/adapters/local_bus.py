"""EventPublisher in process: subscribers are called synchronously and must not block."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ..domain.models import Run

log = logging.getLogger(__name__)


class LocalEventBus:
    def __init__(self) -> None:
        self._subscribers: list[Callable[[Run], None]] = []

    def subscribe(self, callback: Callable[[Run], None]) -> None:
        self._subscribers.append(callback)

    def publish_run_finished(self, run: Run) -> None:
        for callback in self._subscribers:
            try:
                callback(run)
            except Exception:  # logged; other subscribers still hear
                log.exception("run-finished subscriber failed for %s", run.run_id)

    def publish_request_refused(self, refusal: dict[str, Any]) -> None:
        log.warning("run request refused: %s", refusal.get("reason"))
