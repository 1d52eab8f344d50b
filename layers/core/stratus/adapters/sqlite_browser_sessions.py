"""BrowserSessionStore on SQLite: table ``browser_sessions`` beside the runs (WAL).

Conditional writes read and write inside one BEGIN IMMEDIATE transaction, so two
processes sharing the file never both claim a session.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..domain.browser_sessions import (
    BrowserSessionCondition,
    BrowserSessionRecord,
    BrowserSessionStatus,
)
from ..domain.utc import utc_text
from ..ports import Conflict, NotFound
from .sqlite_db import SqliteDatabase

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
        self._tx = self._db.transaction

    def close(self) -> None:
        self._db.close()

    @staticmethod
    def _write(c: sqlite3.Connection, record: BrowserSessionRecord, *, insert: bool) -> None:
        verb = "INSERT" if insert else "REPLACE"
        c.execute(
            f"{verb} INTO browser_sessions VALUES (?, ?, ?, ?, ?)",
            (
                record.browser_session_id,
                record.organization_id,
                record.status.value,
                utc_text(record.created_at),
                record.model_dump_json(),
            ),
        )

    def create_browser_session(self, record: BrowserSessionRecord) -> None:
        try:
            with self._tx() as c:
                self._write(c, record, insert=True)
        except sqlite3.IntegrityError as exc:
            raise Conflict(record.browser_session_id) from exc

    def get_browser_session(self, browser_session_id: str) -> BrowserSessionRecord | None:
        rows = self._db.query(
            "SELECT data FROM browser_sessions WHERE browser_session_id = ?",
            (browser_session_id,),
        )
        return BrowserSessionRecord.model_validate_json(rows[0][0]) if rows else None

    def list_active_browser_sessions(self, organization_id: str) -> list[BrowserSessionRecord]:
        rows = self._db.query(
            "SELECT data FROM browser_sessions WHERE organization_id = ? AND status = ?"
            " ORDER BY created_at DESC, browser_session_id DESC",
            (organization_id, BrowserSessionStatus.running.value),
        )
        return [BrowserSessionRecord.model_validate_json(row[0]) for row in rows]

    def update_browser_session(
        self,
        browser_session_id: str,
        changes: Mapping[str, Any],
        condition: BrowserSessionCondition | None = None,
    ) -> BrowserSessionRecord | None:
        with self._tx() as c:
            row = c.execute(
                "SELECT data FROM browser_sessions WHERE browser_session_id = ?",
                (browser_session_id,),
            ).fetchone()
            if row is None:
                raise NotFound(browser_session_id)
            record = BrowserSessionRecord.model_validate_json(row[0])
            if condition is not None and not condition.holds(record):
                return None
            updated = BrowserSessionRecord.model_validate({**record.model_dump(), **changes})
            self._write(c, updated, insert=False)
            return updated
