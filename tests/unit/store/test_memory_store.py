import pytest

from tests.contract.admission_contract import AdmissionContract
from tests.contract.store_contract import RunStoreContract
from tests.fakes.memory_store import InMemoryRunStore

pytestmark = pytest.mark.unit


class TestInMemoryRunStore(RunStoreContract, AdmissionContract):
    @pytest.fixture
    def store(self):
        return InMemoryRunStore()
