import pytest

from tests.contract.store_contract import RunStoreContract
from tests.fakes.memory_store import InMemoryRunStore

pytestmark = pytest.mark.unit


class TestInMemoryRunStore(RunStoreContract):
    @pytest.fixture
    def store(self):
        return InMemoryRunStore()
