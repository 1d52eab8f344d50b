from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.config import Settings
from tests.fixtures.heldout.server import HeldoutServer
from tests.fixtures.heldout2.server import Heldout2Server


@pytest.fixture
async def browser() -> AsyncIterator[PlaywrightBrowserProvider]:
    provider = PlaywrightBrowserProvider(Settings(headless=True))
    yield provider
    await provider.close()


@pytest.fixture(scope="module")
def heldout_server() -> Iterator[HeldoutServer]:
    with HeldoutServer() as server:
        yield server


@pytest.fixture(scope="module")
def heldout2_server() -> Iterator[Heldout2Server]:
    with Heldout2Server() as server:
        yield server
