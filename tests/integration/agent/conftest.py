from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from tests.integration.agent.harness import browser


@pytest.fixture
async def provider(tmp_path: Path) -> AsyncIterator[PlaywrightBrowserProvider]:
    async with browser(tmp_path) as opened:
        yield opened


@pytest.fixture
def files_dir(tmp_path: Path) -> Path:
    path = tmp_path / "files"
    path.mkdir()
    return path
