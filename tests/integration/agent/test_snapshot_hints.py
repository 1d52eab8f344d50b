"""What the snapshot says beside names, on hand-written pages: a slider's readout kept from
naming the next control, colour swatches named by their colour, and icons drawn by a class
(in running text and beside an element's name)."""

from __future__ import annotations

import pytest

from stratus.agent.snapshot import take_snapshot
from stratus.agent.snapshot_render import render_snapshot
from stratus.domain.models import TaskSpec
from tests.contract.store_contract import make_run

pytestmark = pytest.mark.integration


@pytest.fixture
async def snapshot_of(fixture_server, provider):
    async def read(path: str):
        run = make_run(spec=TaskSpec(goal="read", url=fixture_server.url(path)))
        session = await provider.session_for(run)
        await session.page.goto(fixture_server.url(path))
        return await take_snapshot(session.page)

    return read


async def test_a_slider_readout_does_not_name_the_next_control(snapshot_of):
    snapshot = await snapshot_of("/hints/readout.html")

    boxes = [e for e in snapshot.elements if e.type == "checkbox"]

    assert [b.attrs.get("id") for b in boxes] == ["mute", "boost"]
    assert boxes[0].name != "7"  # the slider's value, shown after it
    assert boxes[1].name == "Loud"  # a short line before a box still names it


async def test_a_swatch_that_shows_only_its_colour_is_named_by_it(snapshot_of):
    snapshot = await snapshot_of("/hints/swatches.html")

    names = [e.name for e in snapshot.elements]

    # a transparent one is named by its class alone; one with text keeps its text
    assert names == ["swatch colour #e34c26", "swatch colour #339933", "swatch", "Blue"]


async def test_icons_read_in_running_text_and_beside_an_elements_name(snapshot_of):
    snapshot = await snapshot_of("/hints/icons.html")
    page = render_snapshot(snapshot)

    assert "Open the item marked (icon star) below." in page
    assert "(icon star) (icon star) two stars" in page
    assert "icon hidden" not in page  # not rendered, not read
    items = {e.name: e.icon for e in snapshot.elements if e.role == "menuitem"}
    assert items == {"Favourites": "star", "Trash": None, "Folders": "folder"}  # trash: named
    assert 'menuitem Favourites icon="star"' in page
    buttons = [(e.name, e.icon) for e in snapshot.elements if e.tag == "button"]
    # a name of its own, or the icon as the name: no icon beside it
    assert buttons == [("Close", None), ("gear", None)]
