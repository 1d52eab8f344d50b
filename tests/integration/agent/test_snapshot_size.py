"""A page with a client-side export link (a data: URL of the whole file) and a big textarea:
the snapshot, its artifact and the prompts stay small, and the text after them still shows."""

from __future__ import annotations

import json
from typing import Any

import pytest

from stratus.agent.page_text import page_text
from stratus.agent.snapshot import take_snapshot
from stratus.domain.models import TaskSpec
from tests.contract.store_contract import make_run

pytestmark = pytest.mark.integration


@pytest.fixture
async def page(fixture_server, provider) -> Any:
    run = make_run(spec=TaskSpec(goal="read the sales", url=fixture_server.url("/export/")))
    session = await provider.session_for(run)
    await session.page.goto(fixture_server.url("/export/"))
    return session.page


async def test_long_hrefs_and_values_are_clipped_in_the_snapshot(page):
    full_href = await page.evaluate("document.getElementById('csv').href.length")
    full_value = await page.evaluate("document.getElementById('notes').value.length")
    assert full_href > 200_000 and full_value > 200_000  # the page is as big as it claims

    snapshot = await take_snapshot(page)
    link = next(e for e in snapshot.elements if e.name == "Download CSV")
    notes = next(e for e in snapshot.elements if e.name == "Notes")
    assert link.href is not None and link.href.startswith("data:text/csv")
    assert len(link.href) <= 2_000
    assert notes.value is not None and notes.value.startswith("row-0,0 row-1,3")
    assert len(notes.value) <= 20_000

    dumped = json.dumps(snapshot.model_dump(exclude_none=True))
    assert len(dumped) < 40_000
    read = page_text(snapshot, full=True)
    assert "page truncated" not in read
    assert "South" in read and "900" in read
