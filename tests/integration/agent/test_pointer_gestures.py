"""Pointer actions on hand-written pages: a pie menu's slices named by their labels and
clicked where the page listens, a sortable list reordered both ways, text selected outside
a field and inside one."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


async def test_pie_slices_are_named_by_their_labels_and_a_click_reaches_the_slice(open_page):
    tools = await open_page("/pointer/pie.html")
    elements = (await tools.read()).elements
    # the labels name the slices (over the hint from their ids) and are no elements of their own
    assert [(e.tag, e.name) for e in elements][:4] == [
        ("path", "N"),
        ("path", "E"),
        ("path", "S"),
        ("path", "W"),
    ]

    records = await tools.run_by_name({"action_type": "click", "element_id": "@S"})

    assert records[0].success, records[0].error
    # a hover handler re-inserts the slice: Chromium sent the mouse events to the <svg>
    assert "mouse_events" in records[0].params
    assert await tools.text("#out") == "picked south"


async def test_a_click_whose_mouse_events_the_page_cancelled_is_not_repeated(open_page):
    tools = await open_page("/pointer/pie.html")

    records = await tools.run_by_name({"action_type": "click", "element_id": "@Count"})

    assert records[0].success, records[0].error
    assert "mouse_events" not in records[0].params
    assert await tools.text("#clicks") == "1"


@pytest.mark.parametrize(
    ("moving", "onto", "order"),
    [
        ("Ann", "Bob", "Bob Ann Cid Dee"),  # down by one
        ("Ann", "Dee", "Bob Cid Dee Ann"),  # to the bottom
        ("Cid", "Bob", "Ann Cid Bob Dee"),  # up by one
    ],
)
async def test_a_drag_onto_an_item_of_a_sortable_list_takes_its_place(
    open_page, moving, onto, order
):
    tools = await open_page("/pointer/sortable.html")

    records = await tools.run_by_name(
        {"action_type": "drag", "element_id": f"@{moving}", "target_id": f"@{onto}"}
    )

    assert records[0].success, records[0].error
    assert await tools.text("#order") == order


async def test_select_text_on_the_page_and_in_a_field(open_page):
    tools = await open_page("/pointer/select.html")

    records = await tools.run_by_name(
        # spread over a line break and an element: whitespace as the page shows it
        {"action_type": "select_text", "text": "brown fox jumps over the lazy"},
        {"action_type": "click", "element_id": "@Check"},
    )
    assert all(r.success for r in records), [r.error for r in records]
    assert " ".join(records[0].params["selected"].split()) == "brown fox jumps over the lazy"
    assert await tools.text("#out") == "page: brown fox jumps over the lazy | field:"

    records = await tools.run_by_name(
        {"action_type": "select_text", "element_id": "@Notes", "text": "beta"},
        {"action_type": "click", "element_id": "@Check"},
    )
    assert all(r.success for r in records), [r.error for r in records]
    assert (await tools.text("#out")).endswith("| field: beta")


async def test_select_text_that_is_not_there_fails_naming_it(open_page):
    tools = await open_page("/pointer/select.html")

    records = await tools.run_by_name(
        {"action_type": "select_text", "text": "slow green turtle"},
        {"action_type": "select_text", "element_id": "@Notes", "text": "quick"},
    )

    assert records[0].error == "the text 'slow green turtle' is not in the page"
    assert not records[1].success  # skipped after the failure
