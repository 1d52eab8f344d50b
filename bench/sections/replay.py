"""Replay section: a first run by the model agent (scripted model) versus its learned replay.

Both run the job application fixture; the replay uses new facts. Columns: wall time and
model calls. The model is scripted, so its time is near zero: the saving shown in
``model_calls`` is what a real model would cost per call.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from bench.registry import BenchOptions, SectionResult, section
from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.agent.step_agent import StepAgent
from stratus.config import Settings
from stratus.scripts.replay import ReplayEngine
from stratus.scripts.service import ScriptService
from tests.fakes.llm import PromptView, ScriptedLLM, act
from tests.fakes.script_store import MemoryScriptStore
from tests.fixtures.server import FixtureServer
from tests.integration.planner.harness import drive, make_run

GOAL = (
    "Apply for the Data Analyst job. Name: {name}, Email: {email}, Country: Canada, "
    "Authorized to work: yes. Upload resume.pdf and submit."
)
COLUMNS = ["run", "status", "ms", "model_calls", "steps", "ai_fallback"]


def _fill_step_one(view: PromptView) -> dict[str, Any]:
    return act(
        {"action_type": "input_text", "element_id": view.find("First name"), "text": "Chris"},
        {"action_type": "input_text", "element_id": view.find("Last name"), "text": "Bacon"},
        {"action_type": "input_text", "element_id": view.find("Email"), "text": "chris@pbacon.com"},
        {"action_type": "select_option", "element_id": view.find("Country"), "option": "Canada"},
        {"action_type": "click", "element_id": view.find("Yes")},
        {"action_type": "checkbox", "element_id": view.find("I agree"), "checked": True},
        {"action_type": "click", "element_id": view.find("Next")},
    )


def _fill_step_two(view: PromptView) -> dict[str, Any]:
    return act(
        {"action_type": "upload_file", "element_id": view.find("Resume"), "file": "resume.pdf"},
        {"action_type": "click", "element_id": view.find("Submit application")},
    )


def _done(view: PromptView) -> dict[str, Any]:
    return act({"action_type": "complete"}, status="complete")


async def replay_rows() -> list[dict[str, Any]]:
    provider = PlaywrightBrowserProvider(Settings(headless=True))
    service = ScriptService(MemoryScriptStore())
    rows: list[dict[str, Any]] = []
    try:
        with FixtureServer() as server, tempfile.TemporaryDirectory() as files:
            Path(files, "resume.pdf").write_bytes(b"%PDF-1.4 bench")
            url = server.url("/job/")
            llm = ScriptedLLM([_fill_step_one, _fill_step_two, _done])
            first = make_run(GOAL.format(name="Chris P. Bacon", email="chris@pbacon.com"), url)
            started = time.perf_counter()
            learned = await drive(StepAgent(), first, provider, files, llm=llm, model="scripted")
            rows.append(_row("first run (agent)", learned, started))
            await service.record(learned.run, learned.steps)
            again = make_run(GOAL.format(name="Ann Lee", email="ann@lee.io"), url, run_with="code")
            started = time.perf_counter()
            replayed = await drive(ReplayEngine(service, None), again, provider, files)
            rows.append(_row("replay, new facts", replayed, started))
    finally:
        await provider.close()
    return rows


def _row(label: str, driven: Any, started: float) -> dict[str, Any]:
    return {
        "run": label,
        "status": driven.run.status.value,
        "ms": round((time.perf_counter() - started) * 1000),
        "model_calls": driven.model_calls,
        "steps": len(driven.steps),
        "ai_fallback": driven.run.ai_fallback_triggered,
    }


@section("replay")
async def replay_section(options: BenchOptions) -> SectionResult:
    return SectionResult(
        title="Learned script replay vs first run (job fixture)",
        columns=COLUMNS,
        rows=await replay_rows(),
        notes=["model is scripted: real-model latency and cost come on top of the first run"],
    )
