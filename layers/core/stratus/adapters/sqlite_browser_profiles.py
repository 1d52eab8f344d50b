"""BrowserProfileStore on SQLite: table ``browser_profiles`` beside the runs (WAL)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..domain.browser_profiles import BrowserProfileRecord
from ..domain.utc import utc_text
from .sqlite_db import SqliteDatabase
from .sqlite_documents import DocumentTable

_SCHEMA = """
CREATE TABLE IF NOT EXISTS browser_profiles (
  browser_profile_id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  deleted INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS browser_profiles_by_org
  ON browser_profiles (organization_id, created_at DESC);
"""


class SqliteBrowserProfileStore:
    def __init__(self, path: str | Path) -> None:
        self._db = SqliteDatabase(path, _SCHEMA)
        self._table = DocumentTable(
            self._db,
            "browser_profiles",
            BrowserProfileRecord,
            "browser_profile_id",
            lambda r: (
                r.browser_profile_id,
                r.organization_id,
                utc_text(r.created_at),
                int(r.deleted),
            ),
        )

    def close(self) -> None:
        self._db.close()

    def create_browser_profile(self, record: BrowserProfileRecord) -> None:
        self._table.insert(record)

    def get_browser_profile(self, browser_profile_id: str) -> BrowserProfileRecord | None:
        return self._table.get(browser_profile_id)

    def list_browser_profiles(
        self, organization_id: str, *, include_deleted: bool = False
    ) -> list[BrowserProfileRecord]:
        return self._table.select(
            "organization_id = ?" + ("" if include_deleted else " AND deleted = 0"),
            (organization_id,),
            "created_at DESC, browser_profile_id DESC",
        )

    def update_browser_profile(
        self, browser_profile_id: str, changes: Mapping[str, Any]
    ) -> BrowserProfileRecord:
        updated = self._table.update(browser_profile_id, changes)
        assert updated is not None  # no condition: always written
        return updated
