"""Real Chromium behind its egress proxy, private URLs not allowed: what it may not reach.

The site runs on 127.0.0.1. Names reach it through the proxy's test resolver (and the same
``--host-resolver-rules`` for Chromium): ``public.test`` is a public-looking name that
resolves to loopback, so only the check on the resolved address can refuse it;
``allowed.test`` resolves there too but is on the allow-list, so it stands for a page the
browser may open. Each test also looks at the site's log: a refused request never arrives.
"""

from collections.abc import AsyncIterator, Iterator

import pytest

from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.config import Settings
from tests.support.browser_fixtures import make_run
from tests.support.egress_sites import HOST_RESOLVER_RULES, EgressSite, mapped_resolver

pytestmark = pytest.mark.integration

RUN = make_run("run-egress")


@pytest.fixture
def site() -> Iterator[EgressSite]:
    with EgressSite() as served:
        yield served


@pytest.fixture
async def guarded() -> AsyncIterator[PlaywrightBrowserProvider]:
    settings = Settings(
        headless=True,
        allow_private_urls=False,
        browser_allowed_private=["allowed.test"],
        chromium_extra_args=[HOST_RESOLVER_RULES],
    )
    provider = PlaywrightBrowserProvider(settings, egress_resolver=mapped_resolver)
    yield provider
    await provider.close()


async def test_allow_listed_host_opens(guarded, site) -> None:
    page = (await guarded.session_for(RUN)).page
    response = await page.goto(site.url("/page", "allowed.test"))
    assert response.status == 200 and await page.title() == "welcome"
    assert guarded.take_refusals(RUN) == []


async def test_name_resolving_to_loopback_is_blocked_in_flight_and_recorded(guarded, site):
    page = (await guarded.session_for(RUN)).page
    response = await page.goto(site.url("/page", "public.test"))
    assert response.status == 403
    assert "blocked: private address public.test (127.0.0.1)" in await page.inner_text("body")
    assert "blocked: private address public.test (127.0.0.1)" in guarded.take_refusals(RUN)
    assert site.hits == []


async def test_loopback_literal_is_blocked_although_chromium_would_bypass_proxies_for_it(
    guarded, site
) -> None:
    page = (await guarded.session_for(RUN)).page
    response = await page.goto(site.url("/secret"))
    assert response.status == 403
    assert guarded.take_refusals(RUN)[0] == "blocked: private address 127.0.0.1"
    assert "/secret" not in site.hits


async def test_redirect_from_an_allowed_page_to_a_private_one_is_blocked(guarded, site):
    page = (await guarded.session_for(RUN)).page
    response = await page.goto(site.url(f"/redirect?to={site.url('/secret')}", "allowed.test"))
    assert response.status == 403 and page.url == site.url("/secret")
    assert "blocked: private address 127.0.0.1" in guarded.take_refusals(RUN)
    assert site.hits[0].startswith("/redirect") and "/secret" not in site.hits


async def test_script_fetch_to_a_private_address_is_blocked(guarded, site) -> None:
    page = (await guarded.session_for(RUN)).page
    target = site.url("/secret", "public.test")
    await page.goto(site.url(f"/fetch?target={target}", "allowed.test"))
    await page.wait_for_function("document.title !== 'fetching'")
    assert "blocked: private address public.test (127.0.0.1)" in guarded.take_refusals(RUN)
    assert "/secret" not in site.hits


async def test_websocket_to_loopback_is_blocked(guarded, site) -> None:
    page = (await guarded.session_for(RUN)).page
    target = f"ws://127.0.0.1:{site.port}/socket"
    await page.goto(site.url(f"/socket-page?target={target}", "allowed.test"))
    await page.wait_for_function("document.title !== 'connecting'")
    assert await page.title() == "socket failed"
    assert "blocked: private address 127.0.0.1" in guarded.take_refusals(RUN)
    assert "/socket" not in site.hits


async def test_popup_to_a_private_address_is_blocked(guarded, site) -> None:
    session = await guarded.session_for(RUN)
    await session.page.goto(site.url("/page", "allowed.test"))
    async with session.context.expect_page() as opened:
        await session.page.evaluate(f"window.open({site.url('/secret')!r})")
    popup = await opened.value
    await popup.wait_for_load_state()
    assert "blocked: private address 127.0.0.1" in await popup.inner_text("body")
    assert "/secret" not in site.hits


async def test_each_run_has_its_own_proxy_and_refusal_record(guarded, site) -> None:
    other = make_run("run-egress-other")
    page = (await guarded.session_for(RUN)).page
    await (await guarded.session_for(other)).page.goto(site.url("/page", "allowed.test"))
    await page.goto(site.url("/page", "public.test"))
    assert guarded.take_refusals(other) == []
    assert guarded.take_refusals(RUN)
    await guarded.release(RUN.run_id, final=True)
    assert guarded.take_refusals(RUN) == []  # its browser and proxy are gone
