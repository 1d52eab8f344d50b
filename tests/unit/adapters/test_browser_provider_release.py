"""Releasing a run that never opened a browser (canceled while queued, failed before its
first step) leaves nothing behind in a long-running provider."""

import pytest

from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.config import Settings

pytestmark = pytest.mark.unit


async def test_final_release_of_a_run_without_a_browser_keeps_no_lock(tmp_path):
    provider = PlaywrightBrowserProvider(Settings(data_dir=tmp_path))
    for index in range(50):
        await provider.release(f"tsk_{index}", final=True)
        await provider.release(f"tsk_{index}", final=True)  # released again: still nothing
    assert provider._run_locks == {}
