import sqlite3
from datetime import UTC, datetime

import pytest

from stratus.adapters.sqlite_db import utc_text
from stratus.adapters.sqlite_store import SqliteRunStore
from stratus.domain.status import RunStatus
from tests.contract.admission_contract import AdmissionContract
from tests.contract.store_contract import RunStoreContract, make_run

pytestmark = pytest.mark.integration


class TestSqliteRunStore(RunStoreContract, AdmissionContract):
    @pytest.fixture
    def store(self, tmp_path):
        store = SqliteRunStore(tmp_path / "stratus.db")
        yield store
        store.close()


def test_a_database_from_before_webhook_schedules_gets_its_waiting_webhooks_due(tmp_path):
    """The runs table without the due-time column (as written before schedules): opening
    it adds the column, and a webhook left pending is listed as due at once."""
    path = tmp_path / "old.db"
    run = make_run(status=RunStatus.completed, webhook_state="pending")
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE runs (run_id TEXT PRIMARY KEY, organization_id TEXT NOT NULL,"
            " workflow_run_id TEXT, status TEXT NOT NULL, api_family TEXT NOT NULL,"
            " webhook_state TEXT, created_at TEXT NOT NULL, data TEXT NOT NULL)"
        )
        db.execute(
            "INSERT INTO runs VALUES (?, ?, NULL, 'completed', 'runs', 'pending', ?, ?)",
            (run.run_id, run.organization_id, utc_text(run.created_at), run.model_dump_json()),
        )
    store = SqliteRunStore(path)
    try:
        assert store.list_pending_webhook_run_ids(due_by=datetime.now(UTC)) == [run.run_id]
        store.update_run(run.run_id, {"webhook_state": "sent"})
        assert store.list_pending_webhook_run_ids() == []
    finally:
        store.close()
