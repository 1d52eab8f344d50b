"""PlaywrightBrowserProvider: isolated contexts, the page that follows new tabs, saved state."""

import asyncio
from pathlib import Path

import pytest

from stratus.adapters.browser_state import state_key
from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.config import Settings
from stratus.ports import NotFound
from tests.support.browser_fixtures import make_run

pytestmark = pytest.mark.integration


class DictArtifactStore:
    def __init__(self) -> None:
        self.items: dict[str, tuple[bytes, str]] = {}

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.items[key] = (data, content_type)

    def get(self, key: str) -> tuple[bytes, str]:
        if key not in self.items:
            raise NotFound(key)
        return self.items[key]

    def url_for(self, key: str) -> str:
        return f"memory://{key}"


async def test_runs_get_isolated_contexts(provider, fixture_server) -> None:
    first = await provider.session_for(make_run("run-a"))
    second = await provider.session_for(make_run("run-b"))
    assert first.context is not second.context
    assert await provider.session_for(make_run("run-a")) is first  # warm session reused
    await first.page.goto(fixture_server.url("/cookie/"))
    await first.page.click("#accept")
    await second.page.goto(fixture_server.url("/cookie/"))
    assert any(c["name"] == "consent" for c in await first.context.cookies())
    assert not await second.context.cookies()
    assert await second.page.locator("#consent").is_visible()


async def test_new_tab_and_popup_become_the_page(provider, fixture_server) -> None:
    session = await provider.session_for(make_run())
    opener = session.page
    await opener.goto(fixture_server.url("/newtab/"))
    async with session.context.expect_page() as opened:
        await opener.click("#partner")
    tab = await opened.value
    await tab.wait_for_load_state()
    assert session.page is tab
    assert await session.page.locator("h1").inner_text() == "Partner Directory"
    await tab.close()
    assert session.page is opener  # closed pages fall back
    async with session.context.expect_page() as popped:
        await opener.click("#popup")
    popup = await popped.value
    assert session.page is popup
    await popup.close()
    await opener.close()
    again = await provider.session_for(make_run())
    assert again is session and session.page is not None and not session.page.is_closed()


async def test_release_final_closes_the_context(provider, fixture_server) -> None:
    session = await provider.session_for(make_run("run-final"))
    await session.page.goto(fixture_server.url("/table/"))
    await provider.release("run-final", final=True)
    assert session.closed
    fresh = await provider.session_for(make_run("run-final"))
    assert fresh is not session and fresh.page.url == "about:blank"


async def test_saved_state_restores_url_cookies_and_typed_values(fixture_server) -> None:
    store = DictArtifactStore()
    first = PlaywrightBrowserProvider(Settings(headless=True), state_store=store)
    try:
        session = await first.session_for(make_run("run-cold"))
        page = session.page
        await page.goto(fixture_server.url("/cookie/"))
        await page.click("#accept")
        await page.goto(fixture_server.url("/job/"))
        await page.fill("#first_name", "Ada")
        await page.check("input[value=no]")
        await page.select_option("#country", "jp")
        await first.release("run-cold", final=False)
    finally:
        await first.close()
    assert state_key("run-cold") in store.items

    second = PlaywrightBrowserProvider(Settings(headless=True), state_store=store)
    try:
        restored = await second.session_for(make_run("run-cold"))
        page = restored.page
        assert page.url == fixture_server.url("/job/")
        assert await page.input_value("#first_name") == "Ada"
        assert await page.is_checked("input[value=no]")
        assert await page.input_value("#country") == "jp"
        cookies = await restored.context.cookies()
        assert {c["name"]: c["value"] for c in cookies}.get("consent") == "accepted"
    finally:
        await second.close()


async def test_context_follows_run_options(provider, fixture_server) -> None:
    session = await provider.session_for(
        make_run("run-jp", proxy_location="RESIDENTIAL_JP", user_agent="StratusTest/1.0")
    )
    await session.page.goto(fixture_server.url("/table/"))
    zone, language, agent = await session.page.evaluate(
        "() => [Intl.DateTimeFormat().resolvedOptions().timeZone, navigator.language,"
        " navigator.userAgent]"
    )
    assert (zone, language, agent) == ("Asia/Tokyo", "ja-JP", "StratusTest/1.0")


async def test_downloads_are_accepted(provider, fixture_server) -> None:
    session = await provider.session_for(make_run())
    await session.page.goto(fixture_server.url("/download/"))
    async with session.page.expect_download() as downloading:
        await session.page.click("#attachment")
    download = await downloading.value
    assert download.suggested_filename == "report-2024-05.csv"
    assert "2024-05,1200,800" in Path(await download.path()).read_text()


async def test_concurrent_runs_get_browsers_of_their_own(provider, fixture_server) -> None:
    sessions = await asyncio.gather(*(provider.session_for(make_run(f"run-{i}")) for i in range(3)))
    browsers = {id(s.context.browser) for s in sessions}
    assert len(browsers) == 3 and len({id(s.context) for s in sessions}) == 3
    same = await asyncio.gather(*(provider.session_for(make_run("run-0")) for _ in range(3)))
    assert all(s is sessions[0] for s in same)


async def test_saved_state_restores_scroll(fixture_server) -> None:
    store = DictArtifactStore()
    first = PlaywrightBrowserProvider(Settings(headless=True), state_store=store)
    try:
        session = await first.session_for(make_run("run-scroll"))
        await session.page.goto(fixture_server.url("/widgets/"))
        await session.page.evaluate("() => window.scrollTo(0, 1500)")
        await first.release("run-scroll", final=False)
    finally:
        await first.close()
    second = PlaywrightBrowserProvider(Settings(headless=True), state_store=store)
    try:
        restored = await second.session_for(make_run("run-scroll"))
        assert await restored.page.evaluate("() => window.scrollY") == 1500
    finally:
        await second.close()
