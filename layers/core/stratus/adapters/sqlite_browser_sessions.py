"""BrowserSessionStore on SQLite: table ``browser_sessions`` beside the runs (WAL).

Conditional writes are atomic across processes (``DocumentTable.update``), so two
processes sharing the file never both claim a session.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..domain.browser_sessions import (
    BrowserSessionCondition,
    BrowserSessionRecord,
    BrowserSessionStatus,
)
from ..domain.utc import utc_text
from .sqlite_db import SqliteDatabase
from .sqlite_documents import DocumentTable

_SCHEMA = """
CREATE TABLE IF NOT EXISTS browser_sessions (
  browser_session_id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS browser_sessions_by_org
  ON browser_sessions (organization_id, status, created_at DESC);
"""


class SqliteBrowserSessionStore:
    def __init__(self, path: str | Path) -> None:
        self._db = SqliteDatabase(path, _SCHEMA)
        self._table = DocumentTable(
            self._db,
            "browser_sessions",
            BrowserSessionRecord,
            "browser_session_id",
            lambda r: (
                r.browser_session_id,
                r.organization_id,
                r.status.value,
                utc_text(r.created_at),
            ),
        )

    def close(self) -> None:
        self._db.close()

    def create_browser_session(self, record: BrowserSessionRecord) -> None:
        self._table.insert(record)

    def get_browser_session(self, browser_session_id: str) -> BrowserSessionRecord | None:
        return self._table.get(browser_session_id)

    def list_active_browser_sessions(self, organization_id: str) -> list[BrowserSessionRecord]:
        return self._table.select(
            "organization_id = ? AND status = ?",
            (organization_id, BrowserSessionStatus.running.value),
            "created_at DESC, browser_session_id DESC",
        )

    def update_browser_session(
        self,
        browser_session_id: str,
        changes: Mapping[str, Any],
        condition: BrowserSessionCondition | None = None,
    ) -> BrowserSessionRecord | None:
        return self._table.update(
            browser_session_id, changes, condition.holds if condition is not None else None
        )
