"""A run with browser_address drives an existing Chromium over CDP."""

import socket

import pytest
from playwright.async_api import async_playwright

from stratus.adapters.playwright_browser import CHROMIUM_ARGS, PlaywrightBrowserProvider
from stratus.config import Settings
from tests.support.browser_fixtures import make_run

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_connects_over_cdp_and_leaves_the_browser_running(fixture_server) -> None:
    settings = Settings(headless=True)
    port = free_port()
    async with async_playwright() as playwright:
        remote = await playwright.chromium.launch(
            executable_path=settings.chromium_path,
            args=[*CHROMIUM_ARGS, f"--remote-debugging-port={port}"],
        )
        try:
            provider = PlaywrightBrowserProvider(settings)
            run = make_run("run-cdp", browser_address=f"http://127.0.0.1:{port}")
            session = await provider.session_for(run)
            await session.page.goto(fixture_server.url("/newtab/"))
            assert await session.page.locator("h1").inner_text() == "Our partners"
            await provider.release("run-cdp", final=True)
            await provider.close()
            assert remote.is_connected()
        finally:
            await remote.close()
