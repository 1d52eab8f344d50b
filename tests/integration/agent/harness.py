"""A small stand-in for the execution service: loops StepAgent.step over a real browser."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.agent.step_agent import StepAgent
from stratus.config import Settings
from stratus.domain.engine import StepOutcome
from stratus.domain.ids import new_id
from stratus.domain.models import Run, Step, TaskSpec
from stratus.domain.status import ApiFamily, Engine, RunType, StepStatus
from stratus.ports import LLM, StepContext, VerificationCodes
from tests.fakes.codes import FakeCodes
from tests.fakes.runtime import FixedClock

MODEL = "scripted-model"


@dataclass
class AgentRun:
    run: Run
    status: str = "running"
    output: Any = None
    failure_reason: str | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    outcomes: list[StepOutcome] = field(default_factory=list)

    @property
    def records(self) -> list[Any]:
        return [r for o in self.outcomes for r in o.actions]

    @property
    def model_calls(self) -> int:
        return sum(o.model_calls for o in self.outcomes)

    @property
    def input_tokens(self) -> int:
        return sum(o.input_tokens for o in self.outcomes)


def new_run(spec: TaskSpec, *, max_steps: int = 8) -> Run:
    return Run(
        run_id=new_id("tsk"),
        organization_id="o_1",
        api_family=ApiFamily.v1,
        run_type=RunType.task_v1,
        engine=Engine.skyvern_v1,
        spec=spec,
        max_steps=max_steps,
    )


@asynccontextmanager
async def browser(tmp_path: Path) -> AsyncIterator[PlaywrightBrowserProvider]:
    provider = PlaywrightBrowserProvider(Settings(data_dir=tmp_path / "data"))
    try:
        yield provider
    finally:
        await provider.close()


async def drive(
    provider: PlaywrightBrowserProvider,
    llm: LLM,
    spec: TaskSpec,
    *,
    files_dir: Path,
    run: Run | None = None,
    codes: VerificationCodes | None = None,
    max_steps: int = 8,
    agent: StepAgent | None = None,
    settings: dict[str, Any] | None = None,
) -> AgentRun:
    """Step until complete/terminate/fail or ``max_steps``, as the service would."""
    agent = agent or StepAgent(settle_timeout_ms=2000, verification_timeout_seconds=5)
    run = run or new_run(spec, max_steps=max_steps)
    result = AgentRun(run=run)
    session = await provider.session_for(run)

    for order in range(1, max_steps + 1):
        step = Step(step_id=new_id("stp"), run_id=run.run_id, organization_id="o_1", order=order)
        ctx = StepContext(
            run=run,
            step=step,
            history=list(result.steps),
            browser=session,
            llm=llm,
            codes=codes or FakeCodes(),
            clock=FixedClock(),
            model=MODEL,
            files_dir=str(files_dir),
            settings=settings or {"screenshots_in_prompt": "never"},
        )
        outcome = await agent.step(ctx)
        result.outcomes.append(outcome)
        result.steps.append(
            step.model_copy(
                update={
                    "actions": outcome.actions,
                    "status": StepStatus.completed,
                    "url": outcome.url,
                }
            )
        )
        if outcome.engine_state is not None:
            run = run.model_copy(update={"engine_state": outcome.engine_state})
        if outcome.output is not None:
            result.output = outcome.output
        if outcome.decision != "continue":
            result.status = {"complete": "completed", "terminate": "terminated"}.get(
                outcome.decision, "failed"
            )
            result.failure_reason = outcome.failure_reason
            result.errors = outcome.errors
            return result
    result.status = "failed"
    result.failure_reason = f"Reached the maximum of {max_steps} steps"
    return result
