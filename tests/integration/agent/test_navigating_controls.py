"""Controls whose change submits the form (filter boxes, sort selects): the action did what
was asked, the page moved on, and the step sees the new page."""

from __future__ import annotations

from typing import Any

import pytest

from stratus.agent.actions import CheckboxAction, SelectOptionAction
from stratus.agent.executor import execute_actions
from stratus.agent.snapshot import take_snapshot
from stratus.domain.models import TaskSpec
from tests.contract.store_contract import make_run

pytestmark = pytest.mark.integration


@pytest.fixture
async def session(fixture_server, provider) -> Any:
    run = make_run(spec=TaskSpec(goal="filter shoes", url=fixture_server.url("/filters/")))
    opened = await provider.session_for(run)
    await opened.page.goto(fixture_server.url("/filters/"))
    return opened


async def _act(session: Any, files_dir: Any, build: Any, name: str):
    snapshot = await take_snapshot(session.page)
    target = next(e for e in snapshot.elements if e.name == name)
    return await execute_actions(
        session, [build(target.id)], snapshot=snapshot, files_dir=str(files_dir)
    )


async def test_a_filter_checkbox_that_submits_on_change(session, files_dir):
    result = await _act(session, files_dir, lambda i: CheckboxAction(element_id=i), "Acme")
    record = result.records[0]
    assert record.success, record.error
    assert result.page_changed
    assert "brand=acme" in session.page.url
    assert "results.html" in record.params.get("url_after", "")


async def test_a_sort_select_that_submits_on_change(session, files_dir):
    result = await _act(
        session, files_dir, lambda i: SelectOptionAction(element_id=i, option="Price"), "Sort by"
    )
    record = result.records[0]
    assert record.success, record.error
    assert result.page_changed
    assert "sort=price" in session.page.url
