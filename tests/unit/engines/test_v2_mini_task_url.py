"""A mini-task's URL is the planner's choice: a refused or unreachable one must not crash the
step (losing the loop state); the mini-task fails and the planner is asked again."""

from __future__ import annotations

import json
from typing import Any

import pytest

from stratus.domain.models import Step, TaskSpec
from stratus.domain.status import Engine, StepStatus
from stratus.engines.v2 import TaskV2Engine
from stratus.engines.v2_state import V2State
from stratus.ports import LLMReply, LLMRequest, StepContext
from tests.fakes.codes import FakeCodes
from tests.fakes.runtime import FixedClock
from tests.support.harness import MODEL, make_run

pytestmark = pytest.mark.unit


class _Page:
    """A blank page whose navigations fail like Chromium's when the host is unreachable."""

    def __init__(self) -> None:
        self.url = "about:blank"
        self.opened: list[str] = []

    async def goto(self, url: str, **_: Any) -> None:
        self.opened.append(url)
        raise RuntimeError(f"Page.goto: net::ERR_NAME_NOT_RESOLVED at {url}")

    async def screenshot(self, **_: Any) -> bytes:
        raise RuntimeError("no picture in a fake page")


class _Session:
    def __init__(self) -> None:
        self.page = _Page()
        self.context = None

    async def save_state(self) -> dict[str, Any]:
        return {}


class _Planner:
    def __init__(self, url: str) -> None:
        self.url = url

    def sees_images(self, model: str) -> bool:
        return False  # prompts carry text only, as for a model litellm does not know

    async def complete(self, request: LLMRequest) -> LLMReply:
        decision = {"status": "next", "mini_task": {"goal": "Read the page", "url": self.url}}
        return LLMReply(text=json.dumps(decision))


async def _one_step(url: str) -> tuple[Any, _Session]:
    run = make_run(TaskSpec(goal="Read the news"), engine=Engine.skyvern_v2)
    step = Step(
        step_id="stp_1",
        run_id=run.run_id,
        organization_id=run.organization_id,
        order=0,
        status=StepStatus.running,
    )
    session = _Session()
    ctx = StepContext(
        run=run,
        step=step,
        history=[],
        browser=session,  # type: ignore[arg-type]
        llm=_Planner(url),
        codes=FakeCodes(),
        clock=FixedClock(),
        model=MODEL,
        files_dir=".",
    )
    return await TaskV2Engine(settle_timeout_ms=10).step(ctx), session


@pytest.mark.parametrize(
    ("url", "opened", "reason"),
    [
        ("https://no-such-host.invalid/", ["https://no-such-host.invalid/"], "ERR_NAME_NOT"),
        ("file:///etc/passwd", [], "only http and https"),
    ],
)
async def test_a_mini_task_url_that_cannot_be_opened_fails_the_mini_task_and_replans(
    url, opened, reason
):
    outcome, session = await _one_step(url)
    assert session.page.opened == opened
    assert outcome.decision == "continue"
    state = V2State.load(outcome.engine_state)
    assert state.active is None
    assert state.iteration == 1
    assert [m.status for m in state.memory] == ["failed"]
    assert reason in (state.memory[0].result or "")


async def test_planner_calls_use_the_configured_model_timeout():
    seen: list[float] = []

    class _Recording(_Planner):
        async def complete(self, request: LLMRequest) -> LLMReply:
            seen.append(request.timeout_seconds)
            return await super().complete(request)

    run = make_run(TaskSpec(goal="Read the news"), engine=Engine.skyvern_v2)
    ctx = StepContext(
        run=run,
        step=Step(step_id="stp_1", run_id=run.run_id, organization_id="o_1", order=0),
        history=[],
        browser=_Session(),  # type: ignore[arg-type]
        llm=_Recording("https://no-such-host.invalid/"),
        codes=FakeCodes(),
        clock=FixedClock(),
        model=MODEL,
        files_dir=".",
        settings={"llm_timeout_seconds": 7},
    )
    await TaskV2Engine(settle_timeout_ms=10).step(ctx)
    assert seen and set(seen) == {7.0}
