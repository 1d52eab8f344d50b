"""An in-memory BrowserSessionStore."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from stratus.domain.browser_sessions import (
    BrowserSessionCondition,
    BrowserSessionRecord,
    BrowserSessionStatus,
)
from stratus.ports import Conflict, NotFound


class MemoryBrowserSessionStore:
    def __init__(self) -> None:
        self.records: dict[str, BrowserSessionRecord] = {}
        self._lock = threading.Lock()

    def create_browser_session(self, record: BrowserSessionRecord) -> None:
        with self._lock:
            if record.browser_session_id in self.records:
                raise Conflict(record.browser_session_id)
            self.records[record.browser_session_id] = record.model_copy(deep=True)

    def get_browser_session(self, browser_session_id: str) -> BrowserSessionRecord | None:
        found = self.records.get(browser_session_id)
        return found.model_copy(deep=True) if found else None

    def list_active_browser_sessions(self, organization_id: str) -> list[BrowserSessionRecord]:
        own = [
            r
            for r in self.records.values()
            if r.organization_id == organization_id and r.status is BrowserSessionStatus.running
        ]
        own.sort(key=lambda r: (r.created_at, r.browser_session_id), reverse=True)
        return [r.model_copy(deep=True) for r in own]

    def update_browser_session(
        self,
        browser_session_id: str,
        changes: Mapping[str, Any],
        condition: BrowserSessionCondition | None = None,
    ) -> BrowserSessionRecord | None:
        with self._lock:
            record = self.records.get(browser_session_id)
            if record is None:
                raise NotFound(browser_session_id)
            if condition is not None and not condition.holds(record):
                return None
            updated = BrowserSessionRecord.model_validate({**record.model_dump(), **changes})
            self.records[browser_session_id] = updated
            return updated.model_copy(deep=True)
