"""Pointer actions on hand-written pages: a pie menu's slices named by their labels and
clicked where the page listens, a sortable list reordered both ways, text selected outside
a field and inside one."""

from __future__ import annotations

from typing import Any

import pytest

from stratus.agent.actions import parse_action
from stratus.agent.executor import execute_actions
from stratus.agent.snapshot import take_snapshot
from stratus.domain.models import TaskSpec
from tests.contract.store_contract import make_run

pytestmark = pytest.mark.integration


class Tools:
    def __init__(self, session: Any, files_dir: str) -> None:
        self.session = session
        self.files_dir = files_dir

    async def elements(self) -> list[Any]:
        return (await take_snapshot(self.session.page)).elements

    async def run(self, *actions: dict[str, Any]):
        """Runs the actions against a fresh snapshot, actions naming elements by name."""
        snapshot = await take_snapshot(self.session.page)
        ids = {e.name: e.id for e in reversed(snapshot.elements)}
        resolved = [
            {k: ids[v[1:]] if k.endswith("_id") and v.startswith("@") else v for k, v in a.items()}
            for a in actions
        ]
        result = await execute_actions(
            self.session,
            [parse_action(a) for a in resolved],
            snapshot=snapshot,
            files_dir=self.files_dir,
            settle_timeout_ms=1000,
        )
        return result.records

    async def text(self, selector: str) -> str:
        return (await self.session.page.locator(selector).inner_text()).strip()


@pytest.fixture
async def open_page(fixture_server, provider, files_dir):
    async def opener(path: str) -> Tools:
        run = make_run(spec=TaskSpec(goal="act", url=fixture_server.url(path)))
        session = await provider.session_for(run)
        await session.page.goto(fixture_server.url(path))
        return Tools(session, str(files_dir))

    return opener


async def test_pie_slices_are_named_by_their_labels_and_a_click_reaches_the_slice(open_page):
    tools = await open_page("/pointer/pie.html")
    elements = await tools.elements()
    # the labels name the slices (over the hint from their ids) and are no elements of their own
    assert [(e.tag, e.name) for e in elements][:4] == [
        ("path", "N"),
        ("path", "E"),
        ("path", "S"),
        ("path", "W"),
    ]

    records = await tools.run({"action_type": "click", "element_id": "@S"})

    assert records[0].success, records[0].error
    # a hover handler re-inserts the slice: Chromium sent the mouse events to the <svg>
    assert "mouse_events" in records[0].params
    assert await tools.text("#out") == "picked south"


async def test_a_click_whose_mouse_events_the_page_cancelled_is_not_repeated(open_page):
    tools = await open_page("/pointer/pie.html")

    records = await tools.run({"action_type": "click", "element_id": "@Count"})

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

    records = await tools.run(
        {"action_type": "drag", "element_id": f"@{moving}", "target_id": f"@{onto}"}
    )

    assert records[0].success, records[0].error
    assert await tools.text("#order") == order


async def test_select_text_on_the_page_and_in_a_field(open_page):
    tools = await open_page("/pointer/select.html")

    records = await tools.run(
        # spread over a line break and an element: whitespace as the page shows it
        {"action_type": "select_text", "text": "brown fox jumps over the lazy"},
        {"action_type": "click", "element_id": "@Check"},
    )
    assert all(r.success for r in records), [r.error for r in records]
    assert " ".join(records[0].params["selected"].split()) == "brown fox jumps over the lazy"
    assert await tools.text("#out") == "page: brown fox jumps over the lazy | field:"

    records = await tools.run(
        {"action_type": "select_text", "element_id": "@Notes", "text": "beta"},
        {"action_type": "click", "element_id": "@Check"},
    )
    assert all(r.success for r in records), [r.error for r in records]
    assert (await tools.text("#out")).endswith("| field: beta")


async def test_select_text_that_is_not_there_fails_naming_it(open_page):
    tools = await open_page("/pointer/select.html")

    records = await tools.run(
        {"action_type": "select_text", "text": "slow green turtle"},
        {"action_type": "select_text", "element_id": "@Notes", "text": "quick"},
    )

    assert records[0].error == "the text 'slow green turtle' is not in the page"
    assert not records[1].success  # skipped after the failure
