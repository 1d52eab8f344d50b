import pytest

from stratus.adapters.sqlite_store import SqliteRunStore
from tests.contract.admission_contract import AdmissionContract
from tests.contract.store_contract import RunStoreContract

pytestmark = pytest.mark.integration


class TestSqliteRunStore(RunStoreContract, AdmissionContract):
    @pytest.fixture
    def store(self, tmp_path):
        store = SqliteRunStore(tmp_path / "stratus.db")
        yield store
        store.close()
