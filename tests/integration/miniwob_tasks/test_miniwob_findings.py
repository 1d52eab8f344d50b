"""What the prompt says about MiniWoB++ pages beyond a task's reward: a failing action
repeated is stopped, typing the page refused is not called ok, and controls are not named
by text that belongs to another."""

from __future__ import annotations

from typing import Any

import pytest

from bench.miniwob import START_EPISODE
from stratus.agent.snapshot import take_snapshot
from stratus.domain.models import TaskSpec
from tests.fakes.llm import act
from tests.integration.agent.harness import new_run
from tests.integration.miniwob_tasks.episode import run_episode
from tests.integration.miniwob_tasks.oracle import NotSolvable, TaskView, click, type_into

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="module")]


def stubborn_click(view: TaskView) -> dict[str, Any]:
    """Clicks an id that is not on the page, every step, whatever the prompt says."""
    return act(click("e999"))


async def test_a_failing_action_repeated_is_stopped_with_its_reason(
    shared_provider, miniwob_pages, episode_files
):
    episode = await run_episode(
        shared_provider, miniwob_pages, "click-button", stubborn_click, episode_files, max_steps=8
    )

    driven = episode.driven
    assert driven.status == "terminated", episode.explain()
    assert "stopped repeating a failing action" in (driven.failure_reason or "")
    assert "click e999" in (driven.failure_reason or "")
    assert len(driven.steps) < 8
    assert "do not repeat it" in episode.llm.last_prompt  # told once before being stopped
    assert not episode.done  # the task saw no click, so it gave no reward


def type_once(view: TaskView) -> dict[str, Any]:
    """Types the number into the spinner's field once, then stops."""
    if "input_text" in view.history:
        raise NotSolvable("typed once")
    return act(type_into(view.of_kind("input")[0].id, "-10"))


async def test_typing_the_page_refused_is_not_reported_ok(
    shared_provider, miniwob_pages, episode_files
):
    episode = await run_episode(
        shared_provider, miniwob_pages, "use-spinner", type_once, episode_files, max_steps=2
    )

    typed = episode.driven.records[0]
    assert typed.action_type == "input_text"
    assert typed.params.get("value_after") != "-10"
    assert not typed.success, typed.params


async def test_a_slider_value_does_not_name_the_next_control(shared_provider, miniwob_pages):
    run = new_run(TaskSpec(goal="read the page"))
    session = await shared_provider.session_for(run)
    try:
        await session.page.goto(miniwob_pages.url("miniwob/form-sequence.html"))
        await session.page.evaluate(START_EPISODE)
        snapshot = await take_snapshot(session.page)
        slider_value = await session.page.evaluate("() => String($('#slider').slider('value'))")
    finally:
        await shared_provider.release(run.run_id, final=True)

    checkboxes = [e for e in snapshot.elements if (e.type or "") == "checkbox"]
    assert len(checkboxes) == 3
    assert all(e.name != slider_value for e in checkboxes), [e.name for e in checkboxes]
