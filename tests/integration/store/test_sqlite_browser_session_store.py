import pytest

from stratus.adapters.sqlite_browser_sessions import SqliteBrowserSessionStore
from stratus.adapters.sqlite_store import SqliteRunStore
from tests.contract.browser_session_store_contract import (
    BrowserSessionStoreContract,
    make_session,
)
from tests.contract.store_contract import make_run

pytestmark = pytest.mark.integration


class TestSqliteBrowserSessionStore(BrowserSessionStoreContract):
    @pytest.fixture
    def session_store(self, tmp_path):
        store = SqliteBrowserSessionStore(tmp_path / "stratus.db")
        yield store
        store.close()


def test_sessions_share_the_database_file_with_the_runs(tmp_path) -> None:
    path = tmp_path / "stratus.db"
    runs = SqliteRunStore(path)
    sessions = SqliteBrowserSessionStore(path)
    run = make_run(org="o_1")
    runs.create_run(run)
    record = make_session("o_1")
    sessions.create_browser_session(record)
    reopened = SqliteBrowserSessionStore(path)
    assert reopened.get_browser_session(record.browser_session_id) == record
    assert runs.get_run(run.run_id) == run
    for store in (runs, sessions, reopened):
        store.close()
