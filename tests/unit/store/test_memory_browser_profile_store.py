import pytest

from tests.contract.browser_profile_store_contract import BrowserProfileStoreContract
from tests.fakes.browser_profile_store import MemoryBrowserProfileStore

pytestmark = pytest.mark.unit


class TestMemoryBrowserProfileStore(BrowserProfileStoreContract):
    @pytest.fixture
    def profile_store(self):
        return MemoryBrowserProfileStore()
