"""Step an engine over a real browser session the way the execution service does."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stratus.domain.engine import StepOutcome
from stratus.domain.ids import new_id
from stratus.domain.models import Run, Step, TaskSpec
from stratus.domain.status import ENGINE_RUN_TYPES, ApiFamily, Engine, StepStatus
from stratus.ports import LLM, BrowserProvider, StepContext
from tests.fakes.codes import FakeCodes
from tests.fakes.runtime import FixedClock

MODEL = "scripted-model"
DECISIONS = {"complete": "completed", "terminate": "terminated", "fail": "failed"}


def make_run(engine: Engine, spec: TaskSpec, *, max_steps: int = 10, **fields: Any) -> Run:
    return Run(
        run_id=new_id("tsk"),
        organization_id="o_1",
        api_family=ApiFamily.runs,
        run_type=ENGINE_RUN_TYPES[engine],
        engine=engine,
        spec=spec,
        max_steps=max_steps,
        **fields,
    )


@dataclass
class Driven:
    run: Run
    status: str = "running"
    output: Any = None
    failure_reason: str | None = None
    steps: list[Step] = field(default_factory=list)
    outcomes: list[StepOutcome] = field(default_factory=list)

    @property
    def records(self) -> list[Any]:
        return [r for o in self.outcomes for r in o.actions]


async def drive(
    engine: Any, run: Run, browser: BrowserProvider, files_dir: str, *, llm: LLM
) -> Driven:
    driven = Driven(run=run)
    session = await browser.session_for(run)
    for order in range(run.max_steps):
        step = Step(
            step_id=new_id("stp"),
            run_id=run.run_id,
            organization_id=run.organization_id,
            order=order,
            status=StepStatus.running,
        )
        ctx = StepContext(
            run=driven.run,
            step=step,
            history=list(driven.steps),
            browser=session,
            llm=llm,
            codes=FakeCodes(),
            clock=FixedClock(),
            model=MODEL,
            files_dir=files_dir,
            settings={"screenshots_in_prompt": "never"},
        )
        outcome = await engine.step(ctx)
        driven.outcomes.append(outcome)
        driven.steps.append(
            step.model_copy(update={"status": StepStatus.completed, "actions": outcome.actions})
        )
        updates: dict[str, Any] = {"step_count": order + 1}
        if outcome.engine_state is not None:
            updates["engine_state"] = outcome.engine_state
        if outcome.output is not None:
            driven.output = outcome.output
        driven.run = driven.run.model_copy(update=updates)
        if outcome.decision != "continue":
            driven.status = DECISIONS[outcome.decision]
            driven.failure_reason = outcome.failure_reason
            break
    else:
        driven.status = "failed"
        driven.failure_reason = f"Reached the maximum of {run.max_steps} steps"
    return driven
