"""Learned scripts in SQLite: table ``scripts``, one row per organization, site and goal."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ..scripts.model import Script
from .sqlite_db import SqliteDatabase

_SCHEMA = """
CREATE TABLE IF NOT EXISTS scripts (
  script_id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL,
  site TEXT NOT NULL,
  goal_key TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (organization_id, site, goal_key)
);
CREATE INDEX IF NOT EXISTS scripts_by_org ON scripts (organization_id, created_at);
"""


def _sortable(value: datetime) -> str:
    """UTC with microseconds always written, so text order is time order whatever the offset.

    Rows written before kept ``isoformat()`` of a UTC instant, which sorts consistently with it.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


class SqliteScriptStore:
    def __init__(self, path: str | Path) -> None:
        self._db = SqliteDatabase(path, _SCHEMA)

    def save(self, script: Script) -> None:
        with self._db.transaction() as c:
            c.execute(
                "INSERT INTO scripts (script_id, organization_id, site, goal_key, body, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (organization_id, site, goal_key) DO UPDATE SET"
                " script_id = excluded.script_id, body = excluded.body,"
                " created_at = excluded.created_at",
                (
                    script.script_id,
                    script.organization_id,
                    script.site,
                    script.goal_key,
                    script.model_dump_json(),
                    _sortable(script.created_at),
                ),
            )

    def find(self, organization_id: str, site: str, goal_key: str) -> Script | None:
        rows = self._db.query(
            "SELECT body FROM scripts WHERE organization_id = ? AND site = ? AND goal_key = ?",
            (organization_id, site, goal_key),
        )
        return Script.model_validate_json(rows[0][0]) if rows else None

    def list(self, organization_id: str) -> list[Script]:
        rows = self._db.query(
            "SELECT body FROM scripts WHERE organization_id = ? ORDER BY created_at DESC",
            (organization_id,),
        )
        return [Script.model_validate_json(row[0]) for row in rows]

    def close(self) -> None:
        self._db.close()
