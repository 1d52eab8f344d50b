"""MiniWoB++ tasks solved by the real step agent with a rule-based oracle as its model.

One episode per task (seed fixed by START_EPISODE); the task's own reward is the verdict.
Each task covers a way a page can hide what a model needs from the snapshot text.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.integration.miniwob_tasks import policies_forms as forms
from tests.integration.miniwob_tasks.episode import run_episode
from tests.integration.miniwob_tasks.oracle import Policy

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="module")]


@dataclass(frozen=True)
class Task:
    name: str
    policy: Policy
    covers: str
    gap: str | None = None  # why the snapshot does not let the task be solved
    max_steps: int = 4


TASKS = [
    Task("click-button-sequence", forms.click_button_sequence, "buttons named by their text"),
    Task("click-checkboxes", forms.click_checkboxes, "checkboxes named by their labels"),
    Task("enter-text", forms.enter_text, "an unlabelled text field"),
    Task("login-user", forms.login_user, "username and password fields"),
    Task("copy-paste", forms.copy_paste, "a text area's value shown in full"),
    Task("copy-paste-2", forms.copy_paste, "values of several text areas"),
    Task("use-slider", forms.use_slider, "a slider's value and range"),
    Task("use-slider-2", forms.use_slider_2, "several sliders in order"),
    Task("form-sequence", forms.form_sequence, "a slider and checkboxes by position"),
]


def _param(task: Task) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=task.gap)] if task.gap else []
    return pytest.param(task, id=task.name, marks=marks)


@pytest.mark.parametrize("task", [_param(t) for t in TASKS])
async def test_the_oracle_earns_the_reward(
    task: Task, shared_provider, miniwob_pages, episode_files
) -> None:
    episode = await run_episode(
        shared_provider,
        miniwob_pages,
        task.name,
        task.policy,
        episode_files,
        max_steps=task.max_steps,
    )
    assert episode.done and episode.reward > 0, episode.explain()
