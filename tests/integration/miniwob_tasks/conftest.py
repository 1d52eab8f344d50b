"""One Chromium and one loopback server of the MiniWoB++ pages for the whole module."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from bench.miniwob import installed_html
from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.config import Settings
from tests.fixtures.server import FixtureServer


@pytest.fixture(scope="module")
def miniwob_pages() -> Iterator[FixtureServer]:
    html = installed_html()
    if html is None:
        pytest.fail("the miniwob package (a dev dependency) is not installed")
    with FixtureServer(html) as server:
        yield server


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_provider(
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[PlaywrightBrowserProvider]:
    data = tmp_path_factory.mktemp("miniwob-data")
    provider = PlaywrightBrowserProvider(Settings(data_dir=data))
    try:
        yield provider
    finally:
        await provider.close()


@pytest.fixture
def episode_files(tmp_path: Path) -> Path:
    path = tmp_path / "files"
    path.mkdir()
    return path
