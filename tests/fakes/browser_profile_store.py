"""An in-memory BrowserProfileStore."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from stratus.domain.browser_profiles import BrowserProfileRecord
from stratus.ports import Conflict, NotFound


class MemoryBrowserProfileStore:
    def __init__(self) -> None:
        self.records: dict[str, BrowserProfileRecord] = {}
        self._lock = threading.Lock()

    def create_browser_profile(self, record: BrowserProfileRecord) -> None:
        with self._lock:
            if record.browser_profile_id in self.records:
                raise Conflict(record.browser_profile_id)
            self.records[record.browser_profile_id] = record.model_copy(deep=True)

    def get_browser_profile(self, browser_profile_id: str) -> BrowserProfileRecord | None:
        found = self.records.get(browser_profile_id)
        return found.model_copy(deep=True) if found else None

    def list_browser_profiles(
        self, organization_id: str, *, include_deleted: bool = False
    ) -> list[BrowserProfileRecord]:
        found = [
            r.model_copy(deep=True)
            for r in self.records.values()
            if r.organization_id == organization_id and (include_deleted or not r.deleted)
        ]
        return sorted(found, key=lambda r: (r.created_at, r.browser_profile_id), reverse=True)

    def update_browser_profile(
        self, browser_profile_id: str, changes: Mapping[str, Any]
    ) -> BrowserProfileRecord:
        with self._lock:
            record = self.records.get(browser_profile_id)
            if record is None:
                raise NotFound(browser_profile_id)
            updated = BrowserProfileRecord.model_validate({**record.model_dump(), **changes})
            self.records[browser_profile_id] = updated
            return updated.model_copy(deep=True)
