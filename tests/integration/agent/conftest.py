from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.domain.models import TaskSpec
from tests.contract.store_contract import make_run
from tests.integration.agent.harness import browser
from tests.integration.agent.page_tools import PageTools


@pytest.fixture
async def provider(tmp_path: Path) -> AsyncIterator[PlaywrightBrowserProvider]:
    async with browser(tmp_path) as opened:
        yield opened


@pytest.fixture
def files_dir(tmp_path: Path) -> Path:
    path = tmp_path / "files"
    path.mkdir()
    return path


@pytest.fixture
async def open_page(fixture_server, provider, files_dir) -> Callable[[str], Awaitable[PageTools]]:
    """Opens a fixture page in a run's browser session and reads it."""

    async def opener(path: str) -> PageTools:
        run = make_run(spec=TaskSpec(goal="act", url=fixture_server.url(path)))
        session = await provider.session_for(run)
        await session.page.goto(fixture_server.url(path))
        tools = PageTools(session, str(files_dir))
        await tools.read()
        return tools

    return opener
