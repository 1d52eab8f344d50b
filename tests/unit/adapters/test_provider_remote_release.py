"""The provider stops a run's remote browser at the run's end, from whichever container ends
it, and never between steps."""

import pytest

from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.config import Settings
from stratus.domain.models import Run
from stratus.ports import CdpEndpoint

pytestmark = pytest.mark.unit


class RecordingEndpoints:
    def __init__(self) -> None:
        self.released: list[str] = []

    async def endpoint(self, run: Run) -> CdpEndpoint:
        raise AssertionError("no browser is opened in these tests")

    async def release(self, run_id: str) -> None:
        self.released.append(run_id)


async def test_final_release_stops_the_remote_browser_even_if_never_opened_here(tmp_path):
    remote = RecordingEndpoints()
    provider = PlaywrightBrowserProvider(Settings(data_dir=tmp_path), remote_browsers=remote)
    await provider.release("tsk_1", final=False)
    assert remote.released == []
    await provider.release("tsk_1", final=True)
    assert remote.released == ["tsk_1"]
    assert provider._run_locks == {}
