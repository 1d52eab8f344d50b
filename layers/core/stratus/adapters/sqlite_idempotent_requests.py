"""IdempotentRequests in SQLite: table ``idempotent_requests``, one row per organization and
``Idempotency-Key``; an expired row, or an unanswered one abandoned by its request, is
replaced by the next claim."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.utc import utc_text
from ..ports import IdempotentRequest
from .sqlite_db import SqliteDatabase

_SCHEMA = """
CREATE TABLE IF NOT EXISTS idempotent_requests (
  organization_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  status_code INTEGER,
  content_type TEXT,
  body TEXT,
  PRIMARY KEY (organization_id, idempotency_key)
);
"""

_COLUMNS = "organization_id, idempotency_key, fingerprint, created_at, expires_at, " + (
    "status_code, content_type, body"
)


def _record(row: tuple[Any, ...]) -> IdempotentRequest:
    return IdempotentRequest(
        organization_id=row[0],
        key=row[1],
        fingerprint=row[2],
        created_at=datetime.fromisoformat(row[3]),
        expires_at=datetime.fromisoformat(row[4]),
        status_code=row[5],
        content_type=row[6],
        body=row[7],
    )


class SqliteIdempotentRequests:
    def __init__(self, path: str | Path) -> None:
        self._db = SqliteDatabase(path, _SCHEMA)

    def claim(
        self, request: IdempotentRequest, *, abandoned_before: datetime | None = None
    ) -> IdempotentRequest | None:
        # live: unexpired, and answered or claimed since abandoned_before
        since = utc_text(abandoned_before) if abandoned_before is not None else ""
        with self._db.transaction() as c:
            row = c.execute(
                f"SELECT {_COLUMNS} FROM idempotent_requests"
                " WHERE organization_id = ? AND idempotency_key = ? AND expires_at > ?"
                " AND (status_code IS NOT NULL OR created_at >= ?)",
                (request.organization_id, request.key, utc_text(request.created_at), since),
            ).fetchone()
            if row is not None:
                return _record(row)
            c.execute(
                "INSERT OR REPLACE INTO idempotent_requests"
                f" ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL)",
                (
                    request.organization_id,
                    request.key,
                    request.fingerprint,
                    utc_text(request.created_at),
                    utc_text(request.expires_at),
                ),
            )
        return None

    def answer(
        self, organization_id: str, key: str, status_code: int, content_type: str, body: str
    ) -> None:
        with self._db.transaction() as c:
            c.execute(
                "UPDATE idempotent_requests SET status_code = ?, content_type = ?, body = ?"
                " WHERE organization_id = ? AND idempotency_key = ?",
                (status_code, content_type, body, organization_id, key),
            )

    def release(self, organization_id: str, key: str, claimed_at: datetime | None = None) -> None:
        where = "organization_id = ? AND idempotency_key = ?"
        params: tuple[Any, ...] = (organization_id, key)
        if claimed_at is not None:  # only that claim, while unanswered
            where += " AND created_at = ? AND status_code IS NULL"
            params = (*params, utc_text(claimed_at))
        with self._db.transaction() as c:
            c.execute(f"DELETE FROM idempotent_requests WHERE {where}", params)

    def close(self) -> None:
        self._db.close()
