"""The snapshot shows every control and only what is there (fixture pages under reading/).

Each test reads a small page in real Chromium: menus whose entries have their own
listeners, suggestion popups and listboxes, sliders and class-only state, labels that
follow their fields, long field values, and SVG.
"""

from __future__ import annotations

import pytest

from stratus.agent.page_text import page_text
from stratus.agent.snapshot import take_snapshot
from stratus.agent.snapshot_render import render_snapshot
from stratus.domain.snapshot import ElementInfo, PageSnapshot

pytestmark = pytest.mark.integration


def by_html_id(snapshot: PageSnapshot) -> dict[str, ElementInfo]:
    return {e.attrs["id"]: e for e in snapshot.elements if e.attrs.get("id")}


def named(snapshot: PageSnapshot, name: str) -> ElementInfo:
    found = [e for e in snapshot.elements if e.name == name]
    assert len(found) == 1, (name, render_snapshot(snapshot))
    return found[0]


async def test_menu_entries_are_separate_and_the_hovered_wrapper_is_not_a_target(
    page, fixture_server
) -> None:
    await page.goto(fixture_server.url("/reading/menu.html"))
    await page.click("#more")
    await page.hover("#menu li:nth-child(2)")  # the wrapper's :hover cursor rule applies now
    snapshot = await take_snapshot(page)
    rendered = render_snapshot(snapshot)
    assert not any("Share via DM" in e.name and "Mute" in e.name for e in snapshot.elements), (
        rendered
    )
    assert "wrap" not in by_html_id(snapshot)
    for entry in ("Share via DM", "Copy link to post", "Mute @leo"):
        assert named(snapshot, entry).tag == "li"
    await page.locator(f'[data-sid="{named(snapshot, "Mute @leo").id[1:]}"]').click()
    assert await page.inner_text("#out") == "Chose Mute @leo"


async def test_suggestions_options_and_active_items_have_ids_and_hidden_text_is_left_out(
    page, fixture_server
) -> None:
    await page.goto(fixture_server.url("/reading/suggest.html"))
    snapshot = await take_snapshot(page)
    rendered = render_snapshot(snapshot)
    java = named(snapshot, "Java")
    assert named(snapshot, "JavaScript").id != java.id
    assert named(snapshot, "Rome").states == ["active"]  # the combobox's active descendant
    assert named(snapshot, "Reims")
    assert named(snapshot, "Apple").role == "option"  # a listbox's unmarked item
    assert "Reims Rome" not in [e.name for e in snapshot.elements]  # the popup is not an item
    assert "results are available" not in snapshot.text, rendered
    assert "hidden note" not in snapshot.text
    assert "Total due today" in snapshot.text
    await page.locator(f'[data-sid="{java.id[1:]}"]').click()
    assert await page.input_value("#tags") == "Java"


async def test_sliders_class_state_icons_and_tree_items(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/reading/values.html"))
    snapshot = await take_snapshot(page)
    rendered = render_snapshot(snapshot)
    ids = by_html_id(snapshot)
    handle = next(e for e in snapshot.elements if e.role == "slider" and e.tag == "span")
    assert (handle.name, handle.value, handle.min, handle.max) == ("Volume", "80%", "0%", "100%")
    assert "ui corner" not in rendered and "ui state" not in rendered, rendered
    assert (ids["temp"].value, ids["temp"].min, ids["temp"].max) == ("-6", "-10", "10")
    assert '="-6" [-10..10]' in rendered
    zoom = named(snapshot, "Zoom")
    assert (zoom.value, zoom.min, zoom.max) == ("3", "1", "5")
    assert ids["tab-billing"].states == ["selected"] and not ids["tab-home"].states
    assert ids["agree"].checked is True
    assert [ids["x1"].name, ids["x2"].name, ids["x3"].name] == ["stop", "play", "Rewind"]
    tree = [e.name for e in snapshot.elements if e.tag == "li"]
    assert tree == ["Truman", "Keli", "Briana"], rendered


async def test_a_label_that_follows_its_field_names_that_field(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/reading/labels.html"))
    snapshot = await take_snapshot(page)
    ids = by_html_id(snapshot)
    names = {key: ids[key].name for key in ("genre", "year", "sub", "director", "studio")}
    assert names == {
        "genre": "Genre",
        "year": "Year",
        "sub": "Subscribe",
        "director": "Director",
        "studio": "Studio",
    }, render_snapshot(snapshot)
    assert ids["country"].name == "Country"
    assert "Genre" not in snapshot.text and "Movie" in snapshot.text


async def test_long_values_are_shown_whole_up_to_a_generous_cap(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/reading/values.html"))
    snapshot = await take_snapshot(page)
    assert "word39 finale" in render_snapshot(snapshot)
    await page.fill("#notes", "x" * 5000 + " tail")
    snapshot = await take_snapshot(page)
    line = next(x for x in render_snapshot(snapshot).splitlines() if "textarea Notes" in x)
    assert line.endswith("(+4006 chars)"), line[-40:]  # 5005 characters, 999 of them shown
    assert "x tail" in page_text(snapshot, full=True)  # extraction reads it whole


async def test_svg_text_and_svg_parts_with_listeners(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/reading/svg.html"))
    snapshot = await take_snapshot(page)
    rendered = render_snapshot(snapshot)
    copy, paste = named(snapshot, "Copy"), named(snapshot, "Paste")
    assert copy.tag == "g" and paste.tag == "g"
    assert "Center label" in snapshot.text, rendered
    assert by_html_id(snapshot)["dot"].tag == "circle"
    assert named(snapshot, "Close").tag == "button"
    await page.locator(f'[data-sid="{paste.id[1:]}"]').click()
    assert await page.inner_text("#out") == "slice-paste"
