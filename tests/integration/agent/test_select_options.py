"""Selects with optgroups and disabled options, on a real page: a disabled option is never
picked when an enabled one fits, and choosing one that is disabled fails with that reason
(not after a selection timeout)."""

from __future__ import annotations

from typing import Any

import pytest

from stratus.agent.actions import SelectOptionAction
from stratus.agent.executor import execute_actions
from stratus.agent.snapshot import take_snapshot
from stratus.domain.models import TaskSpec
from tests.contract.store_contract import make_run

pytestmark = pytest.mark.integration


@pytest.fixture
async def session(fixture_server, provider) -> Any:
    run = make_run(spec=TaskSpec(goal="order a shirt", url=fixture_server.url("/selects/")))
    opened = await provider.session_for(run)
    await opened.page.goto(fixture_server.url("/selects/"))
    return opened


async def _select(session: Any, files_dir: Any, field: str, option: str):
    snapshot = await take_snapshot(session.page)
    target = next(e for e in snapshot.elements if e.name == field)
    result = await execute_actions(
        session,
        [SelectOptionAction(element_id=target.id, option=option)],
        snapshot=snapshot,
        files_dir=str(files_dir),
        settle_timeout_ms=500,
    )
    return result.records[0]


async def test_the_snapshot_marks_disabled_options_and_options_of_disabled_groups(session):
    snapshot = await take_snapshot(session.page)
    store = next(e for e in snapshot.elements if e.name == "Pick-up store")
    size = next(e for e in snapshot.elements if e.name == "Size")
    assert [(o.value, o.disabled) for o in store.options] == [
        ("sf-old", True),
        ("oak", False),
        ("sf-new", False),
    ]
    assert [o.value for o in size.options if o.disabled] == ["", "m"]


async def test_an_enabled_option_wins_over_a_disabled_one_of_the_same_name(session, files_dir):
    record = await _select(session, files_dir, "Pick-up store", "San Francisco")
    assert record.success, record.error
    assert record.params["selected"]["value"] == "sf-new"
    assert await session.page.locator("#store").input_value() == "sf-new"


async def test_choosing_a_disabled_option_fails_saying_so(session, files_dir):
    record = await _select(session, files_dir, "Size", "Medium")
    assert not record.success
    assert "Medium" in (record.error or "") and "disabled" in (record.error or "")
    assert "Timeout" not in (record.error or "")
    assert await session.page.locator("#size").input_value() == ""
