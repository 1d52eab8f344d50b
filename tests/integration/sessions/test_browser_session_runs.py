"""Runs on a persistent browser session, end to end over real Chromium: the second run
continues where the first left off, a closed session's context is gone, and a cold process
restores the session from its saved state."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from stratus.bootstrap import Container, build_container
from stratus.config import Settings
from stratus.contract.commands import create_task_run
from stratus.contract.requests import RunTaskRequest
from stratus.domain.engine import StepOutcome
from stratus.domain.models import ApiKey, Run
from stratus.domain.status import RunStatus
from stratus.ports import StepContext
from stratus.services.engines import EngineRegistry
from stratus.services.errors import InvalidRequest
from tests.fakes.runtime import NoCodes, RecordingHttp

pytestmark = pytest.mark.integration


class IdleOrchestrator:
    """The test steps each run itself."""

    def start(self, run: Run) -> None:
        return None

    def cancel(self, run: Run) -> None:
        return None


class PageEngine:
    """Acts on the page with Playwright as a test script says; records what each run saw."""

    def __init__(self) -> None:
        self.plans: dict[str, Any] = {}
        self.seen: dict[str, dict[str, Any]] = {}

    async def step(self, ctx: StepContext) -> StepOutcome:
        page = ctx.browser.page
        self.seen[ctx.run.run_id] = {
            "url": page.url,
            "text": await page.locator("body").inner_text(),
            "cookies": {c["name"]: c["value"] for c in await ctx.browser.context.cookies()},
            "context": ctx.browser.context,
        }
        plan = self.plans.get(ctx.run.title or "")
        if plan is not None:
            await plan(page)
        return StepOutcome(decision="complete", url=page.url)


@dataclass
class World:
    container: Container
    engine: PageEngine
    key: ApiKey

    async def run(self, title: str, session_id: str, url: str | None = None) -> Run:
        body = RunTaskRequest(prompt=title, title=title, url=url, browser_session_id=session_id)
        run = self.container.runs.create_run(self.key, create_task_run(body))
        for _ in range(5):
            report = await self.container.execution.run_step(run.run_id)
            if report.done:
                break
        finished = self.container.store.get_run(run.run_id)
        assert finished.status is RunStatus.completed, finished.failure_reason
        return finished


def make_world(data_dir: Path, engine: PageEngine) -> World:
    settings = Settings(data_dir=data_dir, poll_interval_seconds=0.05)
    container = build_container(
        settings,
        orchestrator=IdleOrchestrator(),
        http=RecordingHttp(),
        codes=NoCodes(),
        engines=EngineRegistry(settings, {"builtin": lambda: engine}),
    )
    key, _ = container.keys.create_key("sessions")
    return World(container, engine, key)


@pytest.fixture
async def world(tmp_path) -> AsyncIterator[World]:
    made = make_world(tmp_path / "data", PageEngine())
    yield made
    await made.container.browser.close()


async def sign_in(page: Any) -> None:
    await page.fill("#username", "grace")
    await page.fill("#password", "secret")
    await page.click("button[type=submit]")
    await page.wait_for_url("**/verify.html*")
    await page.fill("#code", "123456")
    await page.click("button[type=submit]")
    await page.wait_for_url("**/welcome.html")


async def test_the_next_run_continues_signed_in_on_the_same_page(world, fixture_server):
    sessions = world.container.browser_sessions
    login = fixture_server.url("/login2fa/")
    record = sessions.create(world.key.organization_id, url=login)
    sid = record.browser_session_id
    world.engine.plans["sign in"] = sign_in

    first = await world.run("sign in", sid)
    assert world.engine.seen[first.run_id]["url"] == login  # the session opened at its URL
    assert "Sign in" in world.engine.seen[first.run_id]["text"]

    second = await world.run("look", sid)
    seen = world.engine.seen[second.run_id]
    assert seen["url"] == fixture_server.url("/login2fa/welcome.html")
    assert "Welcome, grace" in seen["text"]
    assert seen["context"] is world.engine.seen[first.run_id]["context"]

    # a run with a start URL of its own goes there, still signed in (same tab, same storage)
    third = await world.run("again", sid, url=fixture_server.url("/login2fa/welcome.html?x=1"))
    assert world.engine.seen[third.run_id]["url"].endswith("/welcome.html?x=1")
    assert "Welcome, grace" in world.engine.seen[third.run_id]["text"]


async def test_closing_the_session_closes_its_context_and_refuses_later_runs(world, fixture_server):
    sessions = world.container.browser_sessions
    sid = sessions.create(
        world.key.organization_id, url=fixture_server.url("/cookie/")
    ).browser_session_id
    run = await world.run("look", sid)
    context = world.engine.seen[run.run_id]["context"]
    assert context.pages  # the run's end left the session's context open

    closed = await sessions.close(world.key.organization_id, sid)
    assert closed.status.value == "completed"
    assert context.pages == []  # the context is closed
    with pytest.raises(InvalidRequest) as refused:
        world.container.runs.create_run(
            world.key, create_task_run(RunTaskRequest(prompt="late", browser_session_id=sid))
        )
    assert refused.value.field == "browser_session_id"


async def accept_cookies(page: Any) -> None:
    await page.click("#accept")
    await page.click("#like")


async def test_a_cold_process_restores_the_session_from_its_saved_state(tmp_path, fixture_server):
    data_dir = tmp_path / "data"
    engine = PageEngine()
    engine.plans["accept"] = accept_cookies
    first_world = make_world(data_dir, engine)
    about = fixture_server.url("/cookie/about.html")
    sid = first_world.container.browser_sessions.create(
        first_world.key.organization_id, url=fixture_server.url("/cookie/")
    ).browser_session_id
    await first_world.run("accept", sid)
    await first_world.run("go", sid, url=about)
    await first_world.container.browser.close()  # the process ends; the session lives on

    second_world = make_world(data_dir, engine)
    second_world.key = first_world.key
    try:
        resumed = await second_world.run("look", sid)
        seen = engine.seen[resumed.run_id]
        assert seen["url"] == about
        assert seen["cookies"].get("consent") == "accepted"
    finally:
        await second_world.container.browser.close()
