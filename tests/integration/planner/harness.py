"""Drive an engine step by step on a real browser session, the way the execution service does."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stratus.domain.engine import StepOutcome
from stratus.domain.ids import new_id
from stratus.domain.models import Run, Step, TaskSpec
from stratus.domain.status import ApiFamily, Engine, RunStatus, RunType, StepStatus
from stratus.ports import LLM, BrowserProvider, StepContext
from tests.fakes.codes import FakeCodes
from tests.fakes.runtime import FixedClock

DECISION_STATUS = {
    "complete": RunStatus.completed,
    "terminate": RunStatus.terminated,
    "fail": RunStatus.failed,
}


def make_run(
    goal: str,
    url: str,
    *,
    facts: Any = None,
    schema: Any = None,
    organization_id: str = "o_1",
    run_with: str | None = None,
    max_steps: int = 10,
) -> Run:
    return Run(
        run_id=new_id("tsk"),
        organization_id=organization_id,
        api_family=ApiFamily.v1,
        run_type=RunType.task_v1,
        engine=Engine.skyvern_v1,
        spec=TaskSpec(goal=goal, url=url, facts=facts, extraction_schema=schema),
        max_steps=max_steps,
        run_with=run_with,
    )


@dataclass
class Driven:
    run: Run
    steps: list[Step] = field(default_factory=list)
    outcomes: list[StepOutcome] = field(default_factory=list)

    @property
    def last(self) -> StepOutcome:
        return self.outcomes[-1]

    @property
    def model_calls(self) -> int:
        return sum(o.model_calls for o in self.outcomes)


async def drive(
    engine: Any,
    run: Run,
    browser: BrowserProvider,
    files_dir: str,
    *,
    llm: LLM | None = None,
    model: str | None = None,
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
            model=model,
            files_dir=files_dir,
        )
        outcome = await engine.step(ctx)
        driven.outcomes.append(outcome)
        driven.steps.append(
            step.model_copy(
                update={
                    "status": StepStatus.completed,
                    "actions": outcome.actions,
                    "url": outcome.url,
                    "model_calls": outcome.model_calls,
                }
            )
        )
        updates: dict[str, Any] = {
            "step_count": order + 1,
            "model_calls": driven.run.model_calls + outcome.model_calls,
            "ai_fallback_triggered": driven.run.ai_fallback_triggered
            or outcome.ai_fallback_triggered,
        }
        if outcome.engine_state is not None:
            updates["engine_state"] = outcome.engine_state
        if outcome.output is not None:
            updates["output"] = outcome.output
        if outcome.decision != "continue":
            updates["status"] = DECISION_STATUS[outcome.decision]
            updates["failure_reason"] = outcome.failure_reason
            driven.run = driven.run.model_copy(update=updates)
            break
        driven.run = driven.run.model_copy(update=updates)
    else:
        driven.run = driven.run.model_copy(update={"status": RunStatus.failed})
    await browser.release(run.run_id, final=True)
    return driven
