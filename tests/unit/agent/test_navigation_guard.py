"""goto_url opens web pages only: a page's text must not steer the agent into local files."""

from __future__ import annotations

from typing import Any

import pytest

from stratus.agent.action_errors import ActionFailed
from stratus.agent.actions import GotoUrlAction
from stratus.agent.handlers import ActionEnv, goto_url
from stratus.domain.snapshot import PageSnapshot

pytestmark = pytest.mark.unit


class _Response:
    status = 200


class _Page:
    def __init__(self, url: str) -> None:
        self.url = url
        self.opened: list[str] = []

    async def goto(self, url: str, **_: Any) -> _Response:
        self.opened.append(url)
        self.url = url
        return _Response()


class _Session:
    def __init__(self, page: _Page) -> None:
        self.page = page
        self.context = None

    async def save_state(self) -> dict[str, Any]:
        return {}


def _env(page: _Page) -> ActionEnv:
    return ActionEnv(
        session=_Session(page),
        snapshot=PageSnapshot(url=page.url),
        files_dir=".",
        codes=None,
        run=None,
        verification_timeout_seconds=1,
    )


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///proc/self/environ",
        "chrome://settings",
        "javascript:alert(document.cookie)",
        "view-source:file:///etc/hosts",
        "data:text/html,<h1>hi</h1>",
    ],
)
async def test_goto_refuses_what_is_not_a_web_page(url):
    page = _Page("https://shop.example.com/cart")
    with pytest.raises(ActionFailed, match="only http and https pages"):
        await goto_url(_env(page), GotoUrlAction(url=url), None)
    assert page.opened == []


async def test_goto_opens_web_pages_and_resolves_paths_against_the_current_page():
    page = _Page("https://shop.example.com/cart?x=1")
    await goto_url(_env(page), GotoUrlAction(url="http://other.example.org/a"), None)
    await goto_url(_env(page), GotoUrlAction(url="/orders"), None)
    assert page.opened == ["http://other.example.org/a", "http://other.example.org/orders"]
