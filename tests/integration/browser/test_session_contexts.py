"""PlaywrightBrowserProvider with persistent browser sessions: the context outlives its runs,
its state is saved under the session's key, and only close_session closes it."""

import json

import pytest

from stratus.adapters.playwright_browser import BrowserSessionClosed, PlaywrightBrowserProvider
from stratus.config import Settings
from stratus.domain.browser_sessions import session_state_key
from tests.integration.browser.test_provider import DictArtifactStore
from tests.support.browser_fixtures import make_run

pytestmark = pytest.mark.integration

SESSION = "pbs_100"


def on_session(run_id: str, session: str = SESSION, **spec):
    run = make_run(run_id, browser_session_id=session, **spec)
    return run.model_copy(update={"browser_session_id": session})


@pytest.fixture
async def stored():
    store = DictArtifactStore()
    provider = PlaywrightBrowserProvider(Settings(headless=True), state_store=store)
    yield provider, store
    await provider.close()


async def test_a_runs_end_leaves_the_session_context_open_for_the_next_run(stored, fixture_server):
    provider, store = stored
    first = await provider.session_for(on_session("run-1"))
    await first.page.goto(fixture_server.url("/cookie/"))
    await first.page.click("#accept")
    await provider.release("run-1", final=False)
    saved = json.loads(store.get(session_state_key(SESSION))[0])
    assert saved["url"] == fixture_server.url("/cookie/")
    assert "state/run-1.json" not in store.items  # saved under the session, not the run
    await provider.release("run-1", final=True)
    assert not first.closed

    second = await provider.session_for(on_session("run-2"))
    assert second is first
    assert second.page.url == fixture_server.url("/cookie/")
    assert any(c["name"] == "consent" for c in await second.context.cookies())
    other = await provider.session_for(on_session("run-3", session="pbs_200"))
    assert other.context is not first.context
    assert not await other.context.cookies()


async def test_close_session_closes_the_context_and_refuses_it_even_when_cold(
    stored, fixture_server
):
    provider, store = stored
    session = await provider.session_for(on_session("run-1"))
    await session.page.goto(fixture_server.url("/cookie/"))
    await provider.release("run-1", final=True)
    await provider.close_session(SESSION)
    assert session.closed
    with pytest.raises(BrowserSessionClosed):
        await provider.session_for(on_session("run-2"))
    cold = PlaywrightBrowserProvider(Settings(headless=True), state_store=store)
    try:
        with pytest.raises(BrowserSessionClosed):
            await cold.session_for(on_session("run-3"))
    finally:
        await cold.close()


async def test_a_run_joining_with_its_own_start_url_leaves_the_last_page(stored, fixture_server):
    provider, _ = stored
    first = await provider.session_for(on_session("run-1"))
    await first.page.goto(fixture_server.url("/cookie/"))
    await provider.release("run-1", final=True)
    joining = await provider.session_for(
        on_session("run-2", url=fixture_server.url("/cookie/about.html"))
    )
    assert joining.page.url == "about:blank"  # the execution opens the run's URL next
    await joining.page.goto(fixture_server.url("/cookie/about.html"))
    again = await provider.session_for(
        on_session("run-2", url=fixture_server.url("/cookie/about.html?other"))
    )
    assert again.page.url == fixture_server.url("/cookie/about.html")  # only when joining
