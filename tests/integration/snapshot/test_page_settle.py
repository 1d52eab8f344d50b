"""The settle waits on evidence: what it saw the page doing, never a fixed quiet window.

Assertions are on what the settle reports it waited for (and what the page shows after it),
not on wall-clock time.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from stratus.agent.actions import ClickAction
from stratus.agent.executor import execute_actions
from stratus.agent.page_activity import LONG_REQUEST_MS
from stratus.agent.page_settle import wait_for_settle
from stratus.agent.snapshot import take_snapshot
from tests.support.browser_fixtures import make_run

pytestmark = pytest.mark.integration


async def _open(page: Any, url: str) -> None:
    await page.goto(url)
    await wait_for_settle(page)


async def test_an_idle_page_settles_on_its_first_reading(page, fixture_server) -> None:
    await _open(page, fixture_server.url("/job/"))
    # what reading the page does to it (the snapshot's marks, the screenshot hiding the
    # caret in each field) is not the page's own activity
    await take_snapshot(page)
    await page.screenshot()
    settled = await wait_for_settle(page)
    assert settled.readings == 1
    assert settled.waited_on == set()
    assert not settled.timed_out


async def test_filling_a_field_sets_nothing_off_so_the_next_fill_need_not_wait(
    page, fixture_server
) -> None:
    await _open(page, fixture_server.url("/job/"))
    for selector, text in (("#first_name", "Ann"), ("#email", "ann@lee.io")):
        await page.fill(selector, text)
        settled = await wait_for_settle(page)
        assert settled.readings == 1
        assert settled.waited_on == set()


async def test_content_rendered_300_ms_after_load_is_waited_for(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/settle/late.html"), wait_until="load")
    settled = await wait_for_settle(page)  # the timer set at load is the evidence to wait on
    assert not settled.timed_out
    assert await page.locator("#late").count() == 1
    snapshot = await take_snapshot(page)
    assert "Rendered after load" in snapshot.text


async def test_a_page_built_while_it_loaded_is_read_once_loaded(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/settle/parsed.html"), wait_until="load")
    # its parsing's mutations and its own request are the load, which is over: nothing to
    # wait for
    settled = await wait_for_settle(page)
    assert settled.readings == 1
    assert settled.waited_on == set()
    assert settled.last is not None
    assert settled.last.since_change_ms == float("inf")  # no change of the load counted


async def test_content_a_click_renders_in_later_animation_frames_is_waited_for(
    page, fixture_server
) -> None:
    await _open(page, fixture_server.url("/settle/frame.html"))
    await page.click("#show")
    # the frames asked for are the evidence to wait on (on a loaded machine they may have come
    # before the first reading: then there is nothing left to wait for)
    settled = await wait_for_settle(page)
    assert not settled.timed_out
    assert await page.locator("#late").count() == 1


async def test_an_animation_loop_does_not_hold_the_settle(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/settle/animated.html"), wait_until="load")
    # each frame asks for the next: counted for the first rounds, then no more
    settled = await wait_for_settle(page, timeout_ms=2000)
    assert not settled.timed_out


async def test_content_fetched_after_load_is_waited_for(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/settle/fetched.html"), wait_until="commit")
    settled = await wait_for_settle(page)
    assert not settled.timed_out
    assert await page.locator("#orders li").count() == 2


async def test_a_navigation_a_click_schedules_is_waited_for(
    provider, fixture_server, tmp_path
) -> None:
    session = await provider.session_for(make_run())
    page = session.page
    await _open(page, fixture_server.url("/settle/later.html"))
    snapshot = await take_snapshot(page)
    button = next(e for e in snapshot.elements if e.name == "Continue")
    result = await execute_actions(
        session, [ClickAction(element_id=button.id)], snapshot=snapshot, files_dir=str(tmp_path)
    )
    assert result.page_changed
    assert result.records[0].params["url_after"].endswith("/settle/done.html")
    assert await page.locator("h1").text_content() == "All done"


async def test_a_request_that_never_ends_does_not_hold_the_settle(page, fixture_server) -> None:
    hanging: list[Any] = []

    async def hang(route: Any) -> None:
        hanging.append(route)  # never answered

    await page.route("**/settle/poll", hang)
    await page.goto(fixture_server.url("/settle/polling.html"), wait_until="commit")
    settled = await wait_for_settle(page, timeout_ms=LONG_REQUEST_MS * 5)
    assert hanging
    assert not settled.timed_out
    assert any(url.endswith("/settle/poll") for url in settled.ignored_requests)
    assert "requests" in settled.waited_on  # it was waited for while it was young
    await page.unroute("**/settle/poll")


async def test_a_busy_page_is_read_at_the_bound(page, fixture_server) -> None:
    await _open(page, fixture_server.url("/settle/"))
    await page.evaluate("() => setInterval(() => document.body.dataset.tick = Date.now(), 10)")
    await page.wait_for_function("() => document.body.dataset.tick")
    settled = await wait_for_settle(page, timeout_ms=300)
    assert settled.timed_out
    assert "changes" in settled.waited_on


async def test_a_closed_page_does_not_raise(page, fixture_server) -> None:
    await _open(page, fixture_server.url("/settle/"))
    await page.close()
    settled = await asyncio.wait_for(wait_for_settle(page, timeout_ms=200), 5)
    assert settled.readings == 0
