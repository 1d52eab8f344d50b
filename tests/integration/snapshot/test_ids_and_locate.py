"""Element ids are stable, and locate() turns each back into the right element."""

import pytest

from stratus.agent.locate import ElementNotFound, locate
from stratus.agent.page_settle import wait_for_settle
from stratus.agent.snapshot import take_snapshot

pytestmark = pytest.mark.integration


def ids_by_name(snapshot) -> dict[tuple[str | None, str], str]:
    return {(e.frame, e.name): e.id for e in snapshot.elements}


async def test_ids_are_stable_across_snapshots_and_dom_changes(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/widgets/"))
    await wait_for_settle(page)
    first = await take_snapshot(page)
    second = await take_snapshot(page)
    assert [e.id for e in first.elements] == [e.id for e in second.elements]
    await page.evaluate(
        """() => {
          const b = document.createElement('button');
          b.textContent = 'Brand new';
          document.querySelector('main').prepend(b);
          document.querySelector('#scroller button').remove();
        }"""
    )
    third = await take_snapshot(page)
    before, after = ids_by_name(first), ids_by_name(third)
    kept = {key: value for key, value in before.items() if key != (None, "Task 1")}
    assert all(after[key] == value for key, value in kept.items())
    new_id = after[(None, "Brand new")]
    assert new_id not in before.values()


async def test_locate_round_trips_every_id(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/widgets/"))
    await wait_for_settle(page)
    snapshot = await take_snapshot(page)
    for element in snapshot.elements:
        locator = await locate(page, element.id)
        tag = await locator.evaluate("el => el.tagName.toLowerCase()")
        assert tag == element.tag
        if element.attrs.get("id"):
            assert await locator.get_attribute("id") == element.attrs["id"]


async def test_located_elements_can_be_used(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/widgets/"))
    await wait_for_settle(page)
    snapshot = await take_snapshot(page)
    ids = ids_by_name(snapshot)
    await (await locate(page, ids[(None, "Search tasks")])).fill("invoices")
    await (await locate(page, ids[(None, "Go")])).click()
    await (await locate(page, ids[(None, "Green")])).click()
    await (await locate(page, ids[("f2", "Card number")])).fill("4242")
    await (await locate(page, ids[("f2", "Pay")])).click()
    after = await take_snapshot(page)
    assert "Searched: invoices" in after.text
    assert "Selected filter: green" in after.text
    assert "Paid with 4242" in after.text


async def test_gone_elements_raise_element_not_found(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/cookie/"))
    snapshot = await take_snapshot(page)
    accept = next(e for e in snapshot.elements if e.name == "Accept all")
    await (await locate(page, accept.id)).click()
    with pytest.raises(ElementNotFound) as raised:
        await locate(page, accept.id)
    assert raised.value.element_id == accept.id
    for bogus in ("e9999", "nonsense", "f7:e1"):
        with pytest.raises(ElementNotFound):
            await locate(page, bogus)


async def test_cloned_elements_do_not_steal_ids(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/cookie/"))
    snapshot = await take_snapshot(page)
    like = next(e for e in snapshot.elements if e.name == "Like this recipe")
    await page.evaluate(
        "() => { const b = document.querySelector('#like'); b.after(b.cloneNode(true)); }"
    )
    assert await (await locate(page, like.id)).get_attribute("id") == "like"
    again = await take_snapshot(page)
    likes = [e.id for e in again.elements if e.name == "Like this recipe"]
    assert len(likes) == 2 and like.id in likes and len(set(likes)) == 2


async def test_wait_for_settle_is_bounded_and_quiet(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/table/"))
    await page.evaluate("() => setInterval(() => document.body.dataset.tick = Date.now(), 10)")
    await wait_for_settle(page, timeout_ms=300)  # never quiet: returns at the bound
    await page.click("text=Next")
    await wait_for_settle(page)
    assert page.url.endswith("/table/page2.html")
    await page.close()
    await wait_for_settle(page, timeout_ms=200)  # a closed page does not raise
