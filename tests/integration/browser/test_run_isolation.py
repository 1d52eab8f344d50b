"""Runs share nothing kept per browser: each run has a Chromium of its own.

Chromium keeps one clipboard per browser, not per context, so with one shared browser a run
could paste what another run copied. Two concurrent runs of two organizations each copy
their own secret and paste it: each must get its own back.
"""

import asyncio
from collections.abc import Iterator

import pytest

from tests.support.browser_fixtures import make_run
from tests.support.egress_sites import EgressSite

pytestmark = pytest.mark.integration

FORM = "<p id='secret'>{secret}</p><textarea id='paste'></textarea>"


@pytest.fixture
def site() -> Iterator[EgressSite]:
    with EgressSite() as served:
        yield served


async def open_page(provider, run, site, secret: str):
    session = await provider.session_for(run)
    origin = site.url("")
    await session.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    await session.page.goto(site.url("/page"))
    await session.page.set_content(FORM.format(secret=secret))
    return session.page


async def copy(page) -> None:
    """Select the secret's text and press Ctrl+C, as the agent would."""
    await page.locator("#secret").select_text()
    await page.keyboard.press("Control+C")


async def paste(page) -> str:
    await page.locator("#paste").focus()
    await page.keyboard.press("Control+V")
    return await page.locator("#paste").input_value()


async def test_concurrent_runs_paste_only_what_they_copied(provider, site) -> None:
    first = make_run("run-org-a").model_copy(update={"organization_id": "org-a"})
    second = make_run("run-org-b").model_copy(update={"organization_id": "org-b"})
    page_a, page_b = await asyncio.gather(
        open_page(provider, first, site, "secret-of-a"),
        open_page(provider, second, site, "secret-of-b"),
    )
    await copy(page_a)
    await copy(page_b)  # on a shared browser this overwrites the first run's clipboard
    assert await paste(page_a) == "secret-of-a"
    assert await paste(page_b) == "secret-of-b"
    assert page_a.context.browser is not page_b.context.browser


async def test_a_runs_browser_closes_with_its_final_release(provider) -> None:
    session = await provider.session_for(make_run("run-closing"))
    browser = session.context.browser
    other = await provider.session_for(make_run("run-staying"))
    await provider.release("run-closing", final=True)
    assert not browser.is_connected()
    assert other.context.browser.is_connected()
