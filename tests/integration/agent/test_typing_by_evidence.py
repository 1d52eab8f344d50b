"""Typing fills a field at once unless the page listens to its keys: then each key is pressed.

The evidence is the activity probe's record of key listeners (keydown, keypress, keyup,
beforeinput) on the field, an ancestor, the document or the window.
"""

from __future__ import annotations

from typing import Any

import pytest

from stratus.agent.actions import InputTextAction
from stratus.agent.executor import execute_actions
from stratus.agent.snapshot import take_snapshot
from stratus.domain.models import TaskSpec
from tests.contract.store_contract import make_run

pytestmark = pytest.mark.integration


@pytest.fixture
async def type_into(fixture_server, provider, files_dir):
    async def typer(path: str, selector: str, label: str, text: str) -> Any:
        run = make_run(spec=TaskSpec(goal="type", url=fixture_server.url(path)))
        session = await provider.session_for(run)
        page = session.page
        if not page.url.endswith(path):
            await page.goto(fixture_server.url(path))
        snapshot = await take_snapshot(page)
        element_id = next(e.id for e in snapshot.elements if e.name == label)
        result = await execute_actions(
            session,
            [InputTextAction(element_id=element_id, text=text)],
            snapshot=snapshot,
            files_dir=str(files_dir),
            settle_timeout_ms=1000,
        )
        assert result.all_succeeded, result.records[0].error
        assert await page.locator(selector).input_value() == text
        return page

    return typer


async def test_a_field_nothing_listens_to_for_keys_is_filled_at_once(type_into) -> None:
    page = await type_into("/typing/", "#plain", "Plain", "ann@lee.io")
    # one input event for the whole text: typed key by key it would be one per character
    assert await page.locator("#plain").get_attribute("data-inputs") == "1"


def _keys(seen: str | None) -> str:
    """The keys a listener saw, after the Delete that clears the field first."""
    return (seen or "").removeprefix("Delete")


async def test_a_field_with_a_key_listener_gets_every_key(type_into) -> None:
    page = await type_into("/typing/", "#keyed", "Keyed", "Lee")
    assert _keys(await page.locator("#keyed").get_attribute("data-keys")) == "Lee"


async def test_a_key_listener_on_an_ancestor_gets_every_key(type_into) -> None:
    page = await type_into("/typing/", "#inner", "Inner", "abc")
    assert _keys(await page.locator("#box").get_attribute("data-keys")) == "abc"


async def test_an_onkeypress_attribute_gets_every_key(type_into) -> None:
    page = await type_into("/typing/", "#attr", "Attribute", "xyz")
    assert await page.locator("#attr").get_attribute("data-keys") == "xyz"


async def test_a_document_key_listener_gets_every_key(type_into) -> None:
    page = await type_into("/typing/document.html", "#search", "Search", "q1")
    assert _keys(await page.locator("body").get_attribute("data-keys")) == "q1"
