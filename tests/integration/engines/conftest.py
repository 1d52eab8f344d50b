from collections.abc import AsyncIterator

import pytest

from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.config import Settings


@pytest.fixture
async def browser(tmp_path) -> AsyncIterator[PlaywrightBrowserProvider]:
    provider = PlaywrightBrowserProvider(Settings(data_dir=tmp_path / "data", headless=True))
    yield provider
    await provider.close()
