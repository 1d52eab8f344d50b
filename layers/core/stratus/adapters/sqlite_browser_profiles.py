"""BrowserProfileStore on SQLite: table ``browser_profiles`` beside the runs (WAL)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..domain.browser_profiles import BrowserProfileRecord
from ..domain.utc import utc_text
from ..ports import Conflict, NotFound
from .sqlite_db import SqliteDatabase

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
        self._tx = self._db.transaction

    def close(self) -> None:
        self._db.close()

    @staticmethod
    def _write(c: sqlite3.Connection, record: BrowserProfileRecord, *, insert: bool) -> None:
        verb = "INSERT" if insert else "REPLACE"
        c.execute(
            f"{verb} INTO browser_profiles VALUES (?, ?, ?, ?, ?)",
            (
                record.browser_profile_id,
                record.organization_id,
                utc_text(record.created_at),
                int(record.deleted),
                record.model_dump_json(),
            ),
        )

    def create_browser_profile(self, record: BrowserProfileRecord) -> None:
        try:
            with self._tx() as c:
                self._write(c, record, insert=True)
        except sqlite3.IntegrityError as exc:
            raise Conflict(record.browser_profile_id) from exc

    def get_browser_profile(self, browser_profile_id: str) -> BrowserProfileRecord | None:
        rows = self._db.query(
            "SELECT data FROM browser_profiles WHERE browser_profile_id = ?",
            (browser_profile_id,),
        )
        return BrowserProfileRecord.model_validate_json(rows[0][0]) if rows else None

    def list_browser_profiles(
        self, organization_id: str, *, include_deleted: bool = False
    ) -> list[BrowserProfileRecord]:
        rows = self._db.query(
            "SELECT data FROM browser_profiles WHERE organization_id = ?"
            + ("" if include_deleted else " AND deleted = 0")
            + " ORDER BY created_at DESC, browser_profile_id DESC",
            (organization_id,),
        )
        return [BrowserProfileRecord.model_validate_json(row[0]) for row in rows]

    def update_browser_profile(
        self, browser_profile_id: str, changes: Mapping[str, Any]
    ) -> BrowserProfileRecord:
        with self._tx() as c:
            row = c.execute(
                "SELECT data FROM browser_profiles WHERE browser_profile_id = ?",
                (browser_profile_id,),
            ).fetchone()
            if row is None:
                raise NotFound(browser_profile_id)
            record = BrowserProfileRecord.model_validate_json(row[0])
            updated = BrowserProfileRecord.model_validate({**record.model_dump(), **changes})
            self._write(c, updated, insert=False)
            return updated
