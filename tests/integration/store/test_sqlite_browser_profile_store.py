import pytest

from stratus.adapters.sqlite_browser_profiles import SqliteBrowserProfileStore
from tests.contract.browser_profile_store_contract import BrowserProfileStoreContract

pytestmark = pytest.mark.integration


class TestSqliteBrowserProfileStore(BrowserProfileStoreContract):
    @pytest.fixture
    def profile_store(self, tmp_path):
        store = SqliteBrowserProfileStore(tmp_path / "stratus.db")
        yield store
        store.close()
