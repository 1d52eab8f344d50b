"""Step overhead: the time one skyvern-1.0 step spends outside the model.

A scripted model answers instantly with no actions, so the wall time of ``StepAgent.step``
is everything around the model call: snapshot, rendering, prompt building, the settle
wait, the screenshot and the step's artifacts. Median of the repeats, per fixture page.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from typing import Any

from bench.registry import BenchOptions, SectionResult, section
from bench.tokens import count_tokens
from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.agent.step_agent import StepAgent
from stratus.config import Settings
from stratus.domain.ids import new_id
from stratus.domain.models import Step
from stratus.ports import StepContext
from tests.fakes.codes import FakeCodes
from tests.fakes.llm import ScriptedLLM, act
from tests.fakes.runtime import FixedClock
from tests.fixtures.server import FixtureServer
from tests.integration.planner.harness import make_run

PAGES = ["/job/", "/table/", "/widgets/", "/cookie/", "/error/"]
COLUMNS = ["page", "median_ms", "min_ms", "artifacts", "prompt_tokens"]
# prompt_tokens: cl100k_base tokens of the stored prompt (system + user messages as JSON)


def _idle(_: Any) -> dict[str, Any]:
    return act(status="continue")


async def _measure(agent: StepAgent, session: Any, url: str, repeat: int, files: str) -> dict:
    run = make_run("Look at the page", url)
    llm = ScriptedLLM([_idle] * repeat)
    times: list[float] = []
    outcome = None
    for order in range(repeat):
        ctx = StepContext(
            run=run,
            step=Step(step_id=new_id("stp"), run_id=run.run_id, organization_id="o_1", order=order),
            history=[],
            browser=session,
            llm=llm,
            codes=FakeCodes(),
            clock=FixedClock(),
            model="scripted",
            files_dir=files,
        )
        started = time.perf_counter()
        outcome = await agent.step(ctx)
        times.append((time.perf_counter() - started) * 1000)
    assert outcome is not None
    if outcome.decision == "fail":
        raise RuntimeError(outcome.failure_reason)
    prompt = next((a.data for a in outcome.artifacts if a.name == "llm_prompt.json"), b"")
    return {
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "artifacts": len(outcome.artifacts),
        "prompt_tokens": count_tokens(prompt.decode("utf-8")),
    }


@section("step_overhead")
async def step_overhead_section(options: BenchOptions) -> SectionResult:
    width, height = options.viewport
    provider = PlaywrightBrowserProvider(
        Settings(viewport_width=width, viewport_height=height, headless=True)
    )
    agent = StepAgent()
    rows: list[dict[str, Any]] = []
    try:
        with FixtureServer() as server, tempfile.TemporaryDirectory() as files:
            for path in PAGES:
                if options.only_pages and path.strip("/") not in options.only_pages:
                    continue
                session = await provider.session_for(make_run("bench", server.url(path)))
                await session.page.goto(server.url(path))
                row = await _measure(agent, session, server.url(path), options.repeat, files)
                rows.append({"page": path.strip("/"), **row})
    finally:
        await provider.close()
    return SectionResult(
        title="Non-model overhead of one skyvern-1.0 step (scripted model, no actions)",
        columns=COLUMNS,
        rows=rows,
        notes=["includes the bounded settle wait after the page is read and the screenshot"],
    )
