import sqlite3
import threading
from datetime import UTC, datetime

import pytest

from stratus.adapters.sqlite_store import FIND_RUN, SqliteRunStore
from stratus.domain.status import RunStatus
from stratus.domain.utc import utc_text
from tests.contract.admission_contract import AdmissionContract
from tests.contract.store_contract import RunStoreContract, make_run
from tests.integration.store.held_transaction import transaction_held_open

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


def _indexes(path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_a_database_with_earlier_indexes_loses_the_ones_inserts_paid_for(tmp_path):
    """A file written by an earlier version has an index on webhook_state (no query reads
    it) and one on every run's workflow_run_id: opening it drops both, and a workflow run is
    still found by its workflow run id, through the index of workflow runs only."""
    path = tmp_path / "old.db"
    SqliteRunStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("DROP INDEX runs_by_workflow_run")
        db.execute("CREATE INDEX runs_by_wr ON runs (workflow_run_id)")
        db.execute("CREATE INDEX runs_by_webhook ON runs (webhook_state)")
    store = SqliteRunStore(path)
    try:
        indexes = _indexes(path)
        assert not indexes & {"runs_by_wr", "runs_by_webhook"}
        assert "runs_by_workflow_run" in indexes
        run = make_run(workflow_run_id="wr_1")
        store.create_run(run)
        found = store.find_run(run.organization_id, "wr_1")
        assert found is not None and found.run_id == run.run_id
    finally:
        store.close()


def test_finding_a_run_by_either_id_reads_one_index_entry_each(tmp_path):
    """Not the organization's runs one by one (as a single OR of the two ids was planned)."""
    SqliteRunStore(tmp_path / "stratus.db").close()
    with sqlite3.connect(tmp_path / "stratus.db") as db:
        plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + FIND_RUN, ("a",) * 4)]
    searches = [step for step in plan if step.startswith(("SEARCH", "SCAN"))]
    assert searches == [
        "SEARCH runs USING INDEX sqlite_autoindex_runs_1 (run_id=?)",
        "SEARCH runs USING INDEX runs_by_workflow_run (workflow_run_id=?)",
    ]


def test_a_read_does_not_wait_for_a_write_in_progress(tmp_path):
    """A transaction open on one thread (holding the writer's lock) does not stop another
    thread's read, which sees what was committed before it and nothing uncommitted."""
    store = SqliteRunStore(tmp_path / "stratus.db")
    stored = make_run()
    store.create_run(stored)
    uncommitted = make_run()
    with transaction_held_open(
        store._tx, lambda c: store._write_run(c, uncommitted, insert=True), timeout=10
    ):
        seen: list[object] = []
        reader = threading.Thread(
            target=lambda: seen.extend(
                [store.get_run(stored.run_id), store.get_run(uncommitted.run_id)]
            )
        )
        reader.start()
        reader.join(5)
        assert not reader.is_alive(), "the read waited for the write"
        assert seen == [stored, None]
    assert store.get_run(uncommitted.run_id) == uncommitted  # committed now, read at once
    store.close()


def test_a_read_inside_a_transaction_sees_its_own_write(tmp_path):
    store = SqliteRunStore(tmp_path / "stratus.db")
    run = make_run()
    with store._tx() as c:
        store._write_run(c, run, insert=True)
        assert store.get_run(run.run_id) == run
    store.close()
