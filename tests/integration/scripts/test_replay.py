"""Learn a script from a run, replay it with new facts, fall back when the page changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from stratus.domain.engine import StepOutcome
from stratus.domain.status import RunStatus
from stratus.planner.engine import BuiltinPlanner
from stratus.ports import Engine
from stratus.scripts.replay import NO_SCRIPT, ReplayEngine
from stratus.scripts.service import ScriptService
from tests.fakes.runtime import ScriptedEngine
from tests.fakes.script_store import MemoryScriptStore
from tests.fixtures.heldout.server import HeldoutServer
from tests.integration.planner.harness import Driven, drive, make_run

pytestmark = pytest.mark.integration

GOAL = (
    "Apply for the Data Analyst job. Name: {name}, Email: {email}, Country: {country}, "
    "Authorized to work: yes. Upload {file} and submit."
)


def goal(name: str, email: str, country: str = "Canada", file: str = "resume.pdf") -> str:
    return GOAL.format(name=name, email=email, country=country, file=file)


def typed(driven: Driven) -> list[str]:
    return [
        str(a.params.get("text") or a.params.get("option") or a.params.get("file"))
        for o in driven.outcomes
        for a in o.actions
        if a.action_type in ("input_text", "select_option", "upload_file")
    ]


ANN = goal("Ann Lee", "ann@lee.io")


@dataclass
class JobReplay:
    """Learn a script on the job site, then replay it through ``ReplayEngine``."""

    browser: Any
    server: HeldoutServer
    files_dir: Path
    service: ScriptService = field(default_factory=lambda: ScriptService(MemoryScriptStore()))

    @property
    def url(self) -> str:
        return self.server.url("/job/")

    async def learn(self) -> None:
        run = make_run(goal("Chris P. Bacon", "chris@pbacon.com"), self.url, run_with="agent")
        learned = await drive(BuiltinPlanner(), run, self.browser, str(self.files_dir))
        assert learned.run.status is RunStatus.completed, learned.run.failure_reason
        script = await self.service.record(learned.run, learned.steps)
        assert script is not None

    async def replay(self, fallback: Engine | None, task: str = ANN) -> Driven:
        run = make_run(task, self.url, run_with="code")
        engine = ReplayEngine(self.service, fallback)
        return await drive(engine, run, self.browser, str(self.files_dir))


@pytest.fixture
def files_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "files"
    directory.mkdir()
    (directory / "resume.pdf").write_bytes(b"%PDF-1.4 one")
    (directory / "cv-ann.pdf").write_bytes(b"%PDF-1.4 two")
    return directory


@pytest.fixture
def job(browser, job_server, files_dir) -> JobReplay:
    return JobReplay(browser, job_server, files_dir)


async def test_replay_with_new_facts_uses_no_model(job) -> None:
    await job.learn()
    fallback = ScriptedEngine([StepOutcome(decision="fail", failure_reason="not expected")])
    replayed = await job.replay(fallback, goal("Ann Lee", "ann@lee.io", "Germany", "cv-ann.pdf"))
    assert replayed.run.status is RunStatus.completed, replayed.run.failure_reason
    assert replayed.run.output == {"message": "Application received"}
    assert replayed.model_calls == 0 and not replayed.run.ai_fallback_triggered
    assert fallback.calls == []
    assert typed(replayed) == ["Ann", "Lee", "ann@lee.io", "Germany", "cv-ann.pdf"]


async def test_changed_page_hands_over_to_the_fallback(job, job_server, job_sites) -> None:
    await job.learn()
    job_server.root = job_sites["v2"]
    fallback = ScriptedEngine([StepOutcome(decision="complete", output={"by": "fallback"})])
    replayed = await job.replay(fallback)
    assert replayed.run.status is RunStatus.completed
    assert replayed.run.output == {"by": "fallback"}
    assert replayed.run.ai_fallback_triggered
    assert len(fallback.calls) == 1
    state = replayed.run.engine_state["replay"]
    assert state["mode"] == "fallback" and state["broke_at"] == 3
    assert typed(replayed) == ["Ann", "Lee"]  # replayed up to the broken step


async def test_changed_page_with_the_planner_as_fallback_finishes(
    job, job_server, job_sites
) -> None:
    await job.learn()
    job_server.root = job_sites["v2"]
    replayed = await job.replay(BuiltinPlanner())
    assert replayed.run.status is RunStatus.completed, replayed.run.failure_reason
    assert replayed.run.output == {"message": "Application received"}
    assert replayed.run.ai_fallback_triggered


async def test_changed_page_without_fallback_names_the_step(job, job_server, job_sites) -> None:
    await job.learn()
    job_server.root = job_sites["v2"]
    replayed = await job.replay(None)
    assert replayed.run.status is RunStatus.failed
    assert replayed.run.failure_reason == (
        "step 3 (input_text 'Email *'): no element matches role=textbox name~'Email *'"
    )


async def test_no_script(job) -> None:
    failed = await job.replay(None)
    assert failed.run.status is RunStatus.failed and failed.run.failure_reason == NO_SCRIPT
    fallback = ScriptedEngine([StepOutcome(decision="complete", output={"ok": 1})])
    handed = await job.replay(fallback)
    assert handed.run.status is RunStatus.completed and handed.run.ai_fallback_triggered
