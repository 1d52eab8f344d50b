"""Browser fixtures for the snapshot and provider tests: one provider per test, a blank page."""

from collections.abc import AsyncIterator
from typing import Any

import pytest

from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.config import Settings
from stratus.domain.models import Run, TaskSpec


def make_run(run_id: str = "run-snap", **spec: Any) -> Run:
    return Run(
        run_id=run_id,
        organization_id="org-1",
        api_family="v1",
        run_type="task_v1",
        engine="skyvern-1.0",
        spec=TaskSpec(goal="look", **spec),
    )


@pytest.fixture
async def provider() -> AsyncIterator[PlaywrightBrowserProvider]:
    opened = PlaywrightBrowserProvider(Settings(headless=True))
    yield opened
    await opened.close()


@pytest.fixture
async def page(provider: PlaywrightBrowserProvider) -> Any:
    session = await provider.session_for(make_run())
    return session.page
