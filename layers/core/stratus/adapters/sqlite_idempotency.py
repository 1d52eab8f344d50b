"""IdempotencyKeys in SQLite: table ``idempotency_keys``, one row per organization and key."""

from __future__ import annotations

from pathlib import Path

from .sqlite_db import SqliteDatabase

_SCHEMA = """
CREATE TABLE IF NOT EXISTS idempotency_keys (
  organization_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  run_id TEXT NOT NULL,
  PRIMARY KEY (organization_id, idempotency_key)
);
"""


class SqliteIdempotencyKeys:
    def __init__(self, path: str | Path) -> None:
        self._db = SqliteDatabase(path, _SCHEMA)

    def claim(self, organization_id: str, key: str, run_id: str) -> str:
        with self._db.transaction() as c:
            c.execute(
                "INSERT OR IGNORE INTO idempotency_keys VALUES (?, ?, ?)",
                (organization_id, key, run_id),
            )
            row = c.execute(
                "SELECT run_id FROM idempotency_keys"
                " WHERE organization_id = ? AND idempotency_key = ?",
                (organization_id, key),
            ).fetchone()
        return str(row[0])

    def release(self, organization_id: str, key: str, run_id: str) -> None:
        with self._db.transaction() as c:
            c.execute(
                "DELETE FROM idempotency_keys"
                " WHERE organization_id = ? AND idempotency_key = ? AND run_id = ?",
                (organization_id, key, run_id),
            )
