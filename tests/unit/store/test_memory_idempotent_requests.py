import pytest

from tests.contract.idempotent_requests_contract import IdempotentRequestsContract
from tests.fakes.idempotent_requests import MemoryIdempotentRequests

pytestmark = pytest.mark.unit


class TestMemoryIdempotentRequests(IdempotentRequestsContract):
    @pytest.fixture
    def idempotent_requests(self):
        return MemoryIdempotentRequests()
