import pytest

from tests.contract.browser_session_store_contract import BrowserSessionStoreContract
from tests.fakes.browser_session_store import MemoryBrowserSessionStore

pytestmark = pytest.mark.unit


class TestMemoryBrowserSessionStore(BrowserSessionStoreContract):
    @pytest.fixture
    def session_store(self):
        return MemoryBrowserSessionStore()
