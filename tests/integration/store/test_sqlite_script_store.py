import pytest

from stratus.adapters.sqlite_scripts import SqliteScriptStore
from tests.contract.script_store_contract import ScriptStoreContract

pytestmark = pytest.mark.integration


class TestSqliteScriptStore(ScriptStoreContract):
    @pytest.fixture
    def script_store(self, tmp_path):
        store = SqliteScriptStore(tmp_path / "stratus.db")
        yield store
        store.close()
