"""Actions beyond forms, on a real page: hover, scroll, keypress, wait, go back, reload,
goto_url, and a script-driven combobox (no native select)."""

from __future__ import annotations

from typing import Any

import pytest

from stratus.agent.actions import parse_action
from stratus.agent.executor import execute_actions
from stratus.agent.snapshot import take_snapshot
from stratus.domain.models import TaskSpec
from tests.contract.store_contract import make_run

pytestmark = pytest.mark.integration


class Page:
    """Acts on the live page by element names read from a fresh snapshot, as a model would."""

    def __init__(self, session: Any, files_dir: str) -> None:
        self.session = session
        self.files_dir = files_dir

    async def id_of(self, name: str) -> str:
        snapshot = await take_snapshot(self.session.page)
        matches = [e.id for e in snapshot.elements if e.name == name]
        assert matches, f"no element named {name!r}: {[e.name for e in snapshot.elements]}"
        return matches[0]

    async def run(self, *actions: dict[str, Any]):
        snapshot = await take_snapshot(self.session.page)
        result = await execute_actions(
            self.session,
            [parse_action(a) for a in actions],
            snapshot=snapshot,
            files_dir=self.files_dir,
            settle_timeout_ms=1500,
        )
        failures = [r.error for r in result.records if not r.success]
        assert not failures, failures
        return result

    async def text(self, selector: str) -> str:
        return (await self.session.page.locator(selector).inner_text()).strip()


@pytest.fixture
async def tools(fixture_server, provider, files_dir):
    run = make_run(spec=TaskSpec(goal="use the tools", url=fixture_server.url("/actions/")))
    session = await provider.session_for(run)
    await session.page.goto(fixture_server.url("/actions/"))
    return Page(session, str(files_dir))


async def test_hover_reveals_a_menu_link_that_is_then_clicked(tools):
    await tools.run({"action_type": "hover", "element_id": await tools.id_of("Account ▾")})
    settings = await tools.id_of("Settings")
    await tools.run({"action_type": "click", "element_id": settings})
    assert await tools.text("h1") == "Settings"


async def test_keypress_enter_submits_the_search(tools):
    search = await tools.id_of("Search orders")
    await tools.run(
        {"action_type": "input_text", "element_id": search, "text": "A-1001"},
        {"action_type": "keypress", "element_id": search, "key": "Enter"},
    )
    assert await tools.text("#search-result") == "Results for A-1001"


async def test_scroll_then_click_an_element_far_below(tools):
    await tools.run({"action_type": "scroll", "direction": "down"})
    assert await tools.session.page.evaluate("window.scrollY") > 0
    await tools.run({"action_type": "click", "element_id": await tools.id_of("Save preferences")})
    assert await tools.text("#bottom-msg") == "Saved at the bottom"


async def test_wait_lets_a_slow_result_appear(tools):
    await tools.run(
        {"action_type": "click", "element_id": await tools.id_of("Load report")},
        {"action_type": "wait", "seconds": 2},
    )
    assert await tools.text("#report") == "Report ready"


async def test_go_back_reload_and_goto(tools, fixture_server):
    await tools.run(
        {"action_type": "goto_url", "url": fixture_server.url("/actions/settings.html")}
    )
    assert await tools.text("h1") == "Settings"
    await tools.run({"action_type": "go_back"})
    assert await tools.text("h1") == "Account tools"
    before = int(await tools.text("#count"))
    await tools.run({"action_type": "reload"})
    assert int(await tools.text("#count")) == before + 1


async def test_script_combobox_is_opened_and_an_option_chosen(tools):
    await tools.run({"action_type": "click", "element_id": await tools.id_of("Plan")})
    await tools.run({"action_type": "click", "element_id": await tools.id_of("Team")})
    assert await tools.text("#plan-chosen") == "Plan: Team"
