import pytest

from tests.contract.script_store_contract import ScriptStoreContract
from tests.fakes.script_store import MemoryScriptStore

pytestmark = pytest.mark.unit


class TestMemoryScriptStore(ScriptStoreContract):
    @pytest.fixture
    def script_store(self):
        return MemoryScriptStore()
