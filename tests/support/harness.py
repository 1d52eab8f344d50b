"""Step an engine over a real browser session the way the execution service does.

One loop for every engine the integration tests drive: it builds each step, hands the
engine its context, keeps the step history and carries the run's progress forward.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stratus.domain.engine import StepOutcome
from stratus.domain.ids import new_id
from stratus.domain.models import Run, Step, TaskSpec
from stratus.domain.status import ENGINE_RUN_TYPES, ApiFamily, Engine, RunStatus, StepStatus
from stratus.ports import LLM, BrowserProvider, StepContext, VerificationCodes
from stratus.services.output_promise import hold_to_schema
from stratus.services.start_url import open_start_url
from tests.fakes.codes import FakeCodes
from tests.fakes.runtime import FixedClock

MODEL = "scripted-model"
NO_SCREENSHOTS = {"screenshots_in_prompt": "never"}
DECISION_STATUS = {
    "complete": RunStatus.completed,
    "terminate": RunStatus.terminated,
    "fail": RunStatus.failed,
}


def make_run(
    spec: TaskSpec,
    *,
    engine: Engine = Engine.skyvern_v1,
    api_family: ApiFamily = ApiFamily.v1,
    organization_id: str = "o_1",
    max_steps: int = 10,
    **fields: Any,
) -> Run:
    return Run(
        run_id=new_id("tsk"),
        organization_id=organization_id,
        api_family=api_family,
        run_type=ENGINE_RUN_TYPES[engine],
        engine=engine,
        spec=spec,
        max_steps=max_steps,
        **fields,
    )


@dataclass
class Driven:
    """The run as it stands after the last step, and what every step produced."""

    run: Run
    status: str = "running"
    output: Any = None
    failure_reason: str | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    outcomes: list[StepOutcome] = field(default_factory=list)

    @property
    def last(self) -> StepOutcome:
        return self.outcomes[-1]

    @property
    def records(self) -> list[Any]:
        return [r for o in self.outcomes for r in o.actions]

    @property
    def model_calls(self) -> int:
        return sum(o.model_calls for o in self.outcomes)

    @property
    def input_tokens(self) -> int:
        return sum(o.input_tokens for o in self.outcomes)


async def drive(
    engine: Any,
    run: Run,
    browser: BrowserProvider,
    files_dir: str,
    *,
    llm: LLM | None = None,
    model: str | None = None,
    codes: VerificationCodes | None = None,
    settings: dict[str, Any] | None = None,
    max_steps: int | None = None,
    first_order: int = 0,
    release: bool = False,
) -> Driven:
    """Step until complete, terminate or fail, or until ``max_steps`` (the run's) steps ran.

    ``first_order`` is the order of the first step; ``release`` gives the browser
    session back (final) when the run is over.
    """
    limit = run.max_steps if max_steps is None else max_steps
    driven = Driven(run=run)
    session = await browser.session_for(run)
    for order in range(first_order, first_order + limit):
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
            codes=codes or FakeCodes(),
            clock=FixedClock(),
            model=model,
            files_dir=files_dir,
            settings=dict(NO_SCREENSHOTS) if settings is None else settings,
        )
        await open_start_url(driven.run, session)  # as the execution service does
        outcome = await engine.step(ctx)
        _record(driven, step, outcome)
        if outcome.decision != "continue":
            break
    else:
        driven.status = RunStatus.failed.value
        driven.failure_reason = f"Reached the maximum of {limit} steps"
        driven.run = driven.run.model_copy(update={"status": RunStatus.failed})
    if release:
        await browser.release(run.run_id, final=True)
    return driven


def _record(driven: Driven, step: Step, outcome: StepOutcome) -> None:
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
    run = driven.run
    updates: dict[str, Any] = {
        "step_count": run.step_count + 1,
        "model_calls": run.model_calls + outcome.model_calls,
        "ai_fallback_triggered": run.ai_fallback_triggered or outcome.ai_fallback_triggered,
    }
    if outcome.engine_state is not None:
        updates["engine_state"] = outcome.engine_state
    if outcome.output is not None:
        updates["output"] = outcome.output
        driven.output = outcome.output
    # the execution service's decision: output breaking the schema does not complete
    outcome = hold_to_schema(run.spec, updates.get("output", run.output), outcome)
    if outcome.decision != "continue":
        status = DECISION_STATUS[outcome.decision]
        updates["status"] = status
        updates["failure_reason"] = outcome.failure_reason
        driven.status = status.value
        driven.failure_reason = outcome.failure_reason
        driven.errors = outcome.errors
    driven.run = run.model_copy(update=updates)
