"""RunStore on SQLite (WAL). Conditional writes run inside BEGIN IMMEDIATE transactions,
so they are atomic across threads and processes sharing the file."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.conditions import condition_holds
from ..domain.models import ApiKey, Organization, Run, Step, TotpCode, WebhookAttempt
from ..domain.status import ApiFamily, RunStatus
from ..domain.utc import utc_text
from ..domain.webhook_schedule import webhook_due_at
from ..ports import Conflict, NotFound, RunCondition
from .sqlite_db import SqliteDatabase

_SCHEMA = """
CREATE TABLE IF NOT EXISTS organizations (organization_id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS api_keys (
  key_id TEXT PRIMARY KEY, digest TEXT NOT NULL UNIQUE, organization_id TEXT NOT NULL,
  data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, workflow_run_id TEXT,
  status TEXT NOT NULL, api_family TEXT NOT NULL, webhook_state TEXT,
  created_at TEXT NOT NULL, data TEXT NOT NULL, webhook_due_at TEXT);
CREATE INDEX IF NOT EXISTS runs_by_org ON runs (organization_id, created_at DESC, run_id DESC);
CREATE INDEX IF NOT EXISTS runs_by_workflow_run ON runs (workflow_run_id)
  WHERE workflow_run_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status, created_at);
CREATE TABLE IF NOT EXISTS steps (
  step_id TEXT PRIMARY KEY, run_id TEXT NOT NULL, ord INTEGER NOT NULL,
  retry_index INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS steps_by_run ON steps (run_id, ord, retry_index);
CREATE TABLE IF NOT EXISTS totp_codes (
  totp_id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, totp_identifier TEXT NOT NULL,
  created_at TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS totp_by_identifier
  ON totp_codes (organization_id, totp_identifier, created_at DESC);
CREATE TABLE IF NOT EXISTS webhook_attempts (
  attempt_id TEXT PRIMARY KEY, run_id TEXT NOT NULL, created_at TEXT NOT NULL,
  data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS attempts_by_run ON webhook_attempts (run_id, created_at);
"""

# Run after _SCHEMA, once a file from before webhook schedules has the column too.
_WEBHOOK_DUE_INDEX = """
CREATE INDEX IF NOT EXISTS runs_by_webhook_due ON runs (webhook_due_at)
  WHERE webhook_due_at IS NOT NULL;
"""

# Indexes of earlier files that every insert paid for: one on webhook_state, which no
# query reads, and one on workflow_run_id holding every run, though only workflow runs
# have one (runs_by_workflow_run above holds those only). About a fifth of an insert.
_RETIRED_INDEXES = ("runs_by_webhook", "runs_by_wr")

# One lookup by each id, each on its own index. Written as one OR, SQLite read every run of
# the organization (through runs_by_org) to find one.
FIND_RUN = (
    "SELECT data FROM runs WHERE run_id = ? AND organization_id = ?"
    " UNION ALL SELECT data FROM runs WHERE workflow_run_id = ? AND organization_id = ?"
    " LIMIT 1"
)

_ACTIVE = (RunStatus.created.value, RunStatus.queued.value, RunStatus.running.value)


class SqliteRunStore:
    def __init__(self, path: str | Path) -> None:
        self._db = SqliteDatabase(path, _SCHEMA)
        self._tx = self._db.transaction
        self._query = self._db.query
        self._write = self._db.write
        self._add_webhook_due_column()
        for index in _RETIRED_INDEXES:
            self._write(f"DROP INDEX IF EXISTS {index}")

    def _add_webhook_due_column(self) -> None:
        """A database written before webhook schedules gets the due-time column; its waiting
        webhooks are due at once."""
        with self._tx() as c:
            columns = {row[1] for row in c.execute("PRAGMA table_info(runs)").fetchall()}
            if "webhook_due_at" not in columns:
                c.execute("ALTER TABLE runs ADD COLUMN webhook_due_at TEXT")
                c.execute(
                    "UPDATE runs SET webhook_due_at = created_at"
                    " WHERE webhook_state IN ('pending', 'delivering')"
                )
            c.execute(_WEBHOOK_DUE_INDEX)

    @property
    def path(self) -> str:
        return self._db.path

    def close(self) -> None:
        self._db.close()

    # organizations and keys
    def create_organization(self, org: Organization) -> None:
        self._write(
            "INSERT OR REPLACE INTO organizations VALUES (?, ?)",
            (org.organization_id, org.model_dump_json()),
        )

    def get_organization(self, organization_id: str) -> Organization | None:
        rows = self._query(
            "SELECT data FROM organizations WHERE organization_id = ?", (organization_id,)
        )
        return Organization.model_validate_json(rows[0][0]) if rows else None

    def put_api_key(self, key: ApiKey) -> None:
        self._write(
            "INSERT OR REPLACE INTO api_keys VALUES (?, ?, ?, ?)",
            (key.key_id, key.digest, key.organization_id, key.model_dump_json()),
        )

    def find_api_key_by_digest(self, digest: str) -> ApiKey | None:
        rows = self._query("SELECT data FROM api_keys WHERE digest = ?", (digest,))
        return ApiKey.model_validate_json(rows[0][0]) if rows else None

    def get_api_key(self, key_id: str) -> ApiKey | None:
        rows = self._query("SELECT data FROM api_keys WHERE key_id = ?", (key_id,))
        return ApiKey.model_validate_json(rows[0][0]) if rows else None

    def list_api_keys(self, organization_id: str | None = None) -> list[ApiKey]:
        if organization_id is None:
            rows = self._query("SELECT data FROM api_keys")
        else:
            rows = self._query(
                "SELECT data FROM api_keys WHERE organization_id = ?", (organization_id,)
            )
        keys = [ApiKey.model_validate_json(r[0]) for r in rows]
        return sorted(keys, key=lambda k: (k.created_at, k.key_id))

    def _change_key(self, key_id: str, change: Callable[[ApiKey], dict[str, Any]]) -> ApiKey | None:
        with self._tx() as c:
            row = c.execute("SELECT data FROM api_keys WHERE key_id = ?", (key_id,)).fetchone()
            if row is None:
                return None
            key = ApiKey.model_validate_json(row[0])
            key = key.model_copy(update=change(key))
            c.execute(
                "UPDATE api_keys SET data = ? WHERE key_id = ?", (key.model_dump_json(), key_id)
            )
            return key

    def revoke_api_key(self, key_id: str, at: datetime) -> ApiKey | None:
        return self._change_key(key_id, lambda k: k.revoked_changes(at))

    def expire_api_key(self, key_id: str, at: datetime) -> ApiKey | None:
        return self._change_key(key_id, lambda k: k.expired_changes(at))

    def mark_api_key_used(self, key_id: str, at: datetime) -> None:
        """Never waits (it runs on the event loop, in the request's authentication): when
        another writer holds the database the mark is skipped, and the key's next use makes
        it; a key changed meanwhile (revoked, say) is left as that change wrote it."""
        rows = self._query("SELECT data FROM api_keys WHERE key_id = ?", (key_id,))
        if not rows:
            return
        key = ApiKey.model_validate_json(rows[0][0])
        used = key.model_copy(update=key.used_changes(at)).model_dump_json()
        self._db.write_at_once(
            "UPDATE api_keys SET data = ? WHERE key_id = ? AND data = ?", (used, key_id, rows[0][0])
        )

    # runs
    def _write_run(self, c: sqlite3.Connection, run: Run, *, insert: bool) -> None:
        c.execute(*self._run_row(run, insert=insert))

    @staticmethod
    def _run_row(run: Run, *, insert: bool) -> tuple[str, tuple[Any, ...]]:
        due = webhook_due_at(run)
        values = (
            run.run_id,
            run.organization_id,
            run.workflow_run_id,
            run.status.value,
            run.api_family.value,
            run.webhook_state,
            utc_text(run.created_at),
            run.model_dump_json(),
            utc_text(due) if due is not None else None,
        )
        verb = "INSERT" if insert else "REPLACE"
        sql = (
            f"{verb} INTO runs (run_id, organization_id, workflow_run_id, status, api_family,"
            " webhook_state, created_at, data, webhook_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        return sql, values

    def create_run(self, run: Run) -> None:
        try:
            self._write(*self._run_row(run, insert=True))
        except sqlite3.IntegrityError as exc:
            raise Conflict(run.run_id) from exc

    def create_runs_at_once(self, runs: Sequence[Run]) -> bool:
        rows = [self._run_row(run, insert=True) for run in runs]
        try:
            return self._db.write_all_at_once(rows[0][0], [values for _, values in rows])
        except sqlite3.IntegrityError as exc:
            raise Conflict(", ".join(run.run_id for run in runs)) from exc

    def get_run(self, run_id: str) -> Run | None:
        rows = self._query("SELECT data FROM runs WHERE run_id = ?", (run_id,))
        return Run.model_validate_json(rows[0][0]) if rows else None

    def find_run(self, organization_id: str, any_id: str) -> Run | None:
        rows = self._query(FIND_RUN, (any_id, organization_id, any_id, organization_id))
        return Run.model_validate_json(rows[0][0]) if rows else None

    def list_runs(
        self,
        organization_id: str,
        *,
        page: int,
        page_size: int,
        api_families: frozenset[ApiFamily] | None = None,
        statuses: frozenset[RunStatus] | None = None,
    ) -> list[Run]:
        sql = "SELECT data FROM runs WHERE organization_id = ?"
        params: list[Any] = [organization_id]
        if api_families is not None:
            families = sorted(f.value for f in api_families)
            sql += f" AND api_family IN ({','.join('?' * len(families))})"
            params += families
        if statuses is not None:
            wanted = sorted(s.value for s in statuses)
            sql += f" AND status IN ({','.join('?' * len(wanted))})"
            params += wanted
        sql += " ORDER BY created_at DESC, run_id DESC LIMIT ? OFFSET ?"
        params += [page_size, (page - 1) * page_size]
        return [Run.model_validate_json(r[0]) for r in self._query(sql, tuple(params))]

    def update_run(
        self, run_id: str, changes: Mapping[str, Any], condition: RunCondition | None = None
    ) -> Run | None:
        with self._tx() as c:
            row = c.execute("SELECT data FROM runs WHERE run_id = ?", (run_id,)).fetchone()
            if row is None:
                raise NotFound(run_id)
            run = Run.model_validate_json(row[0])
            if not condition_holds(run, condition):
                return None
            updated = Run.model_validate({**run.model_dump(), **changes})
            self._write_run(c, updated, insert=False)
            return updated

    def list_active_run_ids(self, *, limit: int = 100) -> list[str]:
        rows = self._query(
            "SELECT run_id FROM runs WHERE status IN (?, ?, ?) ORDER BY created_at LIMIT ?",
            (*_ACTIVE, limit),
        )
        return [r[0] for r in rows]

    def list_active_runs(self, *, limit: int = 100) -> list[Run]:
        rows = self._query(
            "SELECT data FROM runs WHERE status IN (?, ?, ?) ORDER BY created_at, run_id LIMIT ?",
            (*_ACTIVE, limit),
        )
        return [Run.model_validate_json(r[0]) for r in rows]

    def list_pending_webhook_run_ids(
        self, *, due_by: datetime | None = None, limit: int = 100
    ) -> list[str]:
        # "~" sorts after every timestamp: without due_by, every waiting webhook
        bound = utc_text(due_by) if due_by is not None else "~"
        rows = self._query(
            "SELECT run_id FROM runs WHERE webhook_due_at IS NOT NULL AND webhook_due_at <= ?"
            " ORDER BY webhook_due_at, run_id LIMIT ?",
            (bound, limit),
        )
        return [r[0] for r in rows]

    # steps
    def put_step(self, step: Step) -> None:
        self._write(
            "INSERT OR REPLACE INTO steps VALUES (?, ?, ?, ?, ?)",
            (step.step_id, step.run_id, step.order, step.retry_index, step.model_dump_json()),
        )

    def list_steps(self, run_id: str) -> list[Step]:
        rows = self._query(
            "SELECT data FROM steps WHERE run_id = ? ORDER BY ord, retry_index", (run_id,)
        )
        return [Step.model_validate_json(r[0]) for r in rows]

    # 2FA codes
    def add_totp_code(self, code: TotpCode) -> None:
        with self._tx() as c:
            c.execute(
                "INSERT INTO totp_codes VALUES (?, ?, ?, ?, ?)",
                (
                    code.totp_id,
                    code.organization_id,
                    code.totp_identifier,
                    utc_text(code.created_at),
                    code.model_dump_json(),
                ),
            )

    def find_totp_codes(
        self, organization_id: str, totp_identifier: str, *, created_after: datetime
    ) -> list[TotpCode]:
        rows = self._query(
            "SELECT data FROM totp_codes WHERE organization_id = ? AND totp_identifier = ?"
            " AND created_at > ? ORDER BY created_at DESC",
            (organization_id, totp_identifier, utc_text(created_after)),
        )
        return [TotpCode.model_validate_json(r[0]) for r in rows]

    # webhook attempts
    def add_webhook_attempt(self, attempt: WebhookAttempt) -> None:
        with self._tx() as c:
            c.execute(
                "INSERT INTO webhook_attempts VALUES (?, ?, ?, ?)",
                (
                    attempt.attempt_id,
                    attempt.run_id,
                    utc_text(attempt.created_at),
                    attempt.model_dump_json(),
                ),
            )

    def list_webhook_attempts(self, run_id: str) -> list[WebhookAttempt]:
        rows = self._query(
            "SELECT data FROM webhook_attempts WHERE run_id = ? ORDER BY created_at, attempt_id",
            (run_id,),
        )
        return [WebhookAttempt.model_validate_json(r[0]) for r in rows]
