"""Replay section: a first run by the model agent (scripted model) versus its learned replay.

Both run the job application fixture; the replay uses new facts. Columns: wall time, model
calls, and the time counted with 1.5 s per model call. The model is scripted, so its own time
is near zero: ``counted_ms`` puts a real model's latency back in.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from dataclasses import dataclass
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
from tests.integration.planner.harness import make_run
from tests.support.harness import drive

GOAL = (
    "Apply for the Data Analyst job. Name: {name}, Email: {email}, Country: Canada, "
    "Authorized to work: yes. Upload resume.pdf and submit."
)
COLUMNS = ["run", "status", "ms", "model_calls", "counted_ms", "steps", "ai_fallback"]
MODEL_CALL_MS = 1500  # what one call to a real model is counted as
REPLAY_TARGET_MS = 1000
TARGET_SPEEDUP = 10


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


async def replay_rows(repeat: int = 1) -> list[dict[str, Any]]:
    """Median of ``repeat`` first runs and of ``repeat`` replays, each in a fresh run."""
    provider = PlaywrightBrowserProvider(Settings(headless=True))
    service = ScriptService(MemoryScriptStore())
    firsts: list[_Timed] = []
    replays: list[_Timed] = []
    try:
        with FixtureServer() as server, tempfile.TemporaryDirectory() as files:
            Path(files, "resume.pdf").write_bytes(b"%PDF-1.4 bench")
            url = server.url("/job/")
            for _ in range(repeat):
                llm = ScriptedLLM([_fill_step_one, _fill_step_two, _done])
                first = make_run(GOAL.format(name="Chris P. Bacon", email="chris@pbacon.com"), url)
                firsts.append(
                    await _timed(StepAgent(), first, provider, files, llm=llm, model="scripted")
                )
            await service.record(firsts[0].driven.run, firsts[0].driven.steps)
            for _ in range(repeat):
                again = make_run(
                    GOAL.format(name="Ann Lee", email="ann@lee.io"), url, run_with="code"
                )
                replays.append(await _timed(ReplayEngine(service, None), again, provider, files))
    finally:
        await provider.close()
    return [_row("first run (agent)", firsts), _row("replay, new facts", replays)]


@dataclass
class _Timed:
    driven: Any
    ms: float


async def _timed(engine: Any, run: Any, provider: Any, files: str, **options: Any) -> _Timed:
    """The run from its first step to its end; its browser is launched before the clock
    starts and closed after it stops."""
    await provider.session_for(run)
    started = time.perf_counter()
    driven = await drive(engine, run, provider, files, settings={}, **options)
    elapsed = (time.perf_counter() - started) * 1000
    await provider.release(run.run_id, final=True)
    return _Timed(driven, elapsed)


def _row(label: str, timed: list[_Timed]) -> dict[str, Any]:
    driven = timed[-1].driven
    ms = statistics.median(t.ms for t in timed)
    return {
        "run": label,
        "status": "/".join(sorted({t.driven.run.status.value for t in timed})),
        "ms": round(ms),
        "model_calls": driven.model_calls,
        "counted_ms": round(ms + MODEL_CALL_MS * driven.model_calls),
        "steps": len(driven.steps),
        "ai_fallback": driven.run.ai_fallback_triggered,
    }


def speedup_note(rows: list[dict[str, Any]]) -> str:
    first, replay = rows
    ratio = first["counted_ms"] / max(replay["counted_ms"], 1)
    verdict = "ok" if ratio >= TARGET_SPEEDUP and replay["ms"] < REPLAY_TARGET_MS else "NOT MET"
    return (
        f"replay {replay['ms']} ms vs first run {first['counted_ms']} ms counted with "
        f"{MODEL_CALL_MS / 1000:g} s per model call: {ratio:.1f}x faster (target: replay under "
        f"{REPLAY_TARGET_MS} ms and at least {TARGET_SPEEDUP}x): {verdict}"
    )


@section("replay")
async def replay_section(options: BenchOptions) -> SectionResult:
    rows = await replay_rows(options.repeat)
    return SectionResult(
        title="Learned script replay vs first run (job fixture)",
        columns=COLUMNS,
        rows=rows,
        notes=[
            speedup_note(rows),
            f"ms = median of {options.repeat} runs each, browser launch and close excluded (both); "
            f"counted_ms adds {MODEL_CALL_MS} ms per model call to the scripted model's run",
            f"1-minute load average after the runs: {os.getloadavg()[0]:.1f} on "
            f"{os.cpu_count()} cores (both times grow with it)",
        ],
    )
