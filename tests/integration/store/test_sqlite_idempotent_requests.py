import pytest

from stratus.adapters.sqlite_idempotent_requests import SqliteIdempotentRequests
from tests.contract.idempotent_requests_contract import IdempotentRequestsContract

pytestmark = pytest.mark.integration


class TestSqliteIdempotentRequests(IdempotentRequestsContract):
    @pytest.fixture
    def idempotent_requests(self, tmp_path):
        store = SqliteIdempotentRequests(tmp_path / "stratus.db")
        yield store
        store.close()
