"""The skyvern-2.0 engine: a planner loop over mini-tasks run by the step engine.

Each iteration a planner call decides: done, terminate, or the next mini-task (a goal and,
when a new page is needed, a URL). The mini-task then runs with ``StepAgent``, one of its
steps per run step, under its own step cap; its steps are ordinary steps of the run. The
step engine verifies a mini-task's completion before it reports it; the result (summary,
extracted data, URL) is kept as memory for the next planner call. When the planner says
done, the output is checked against the run's extraction schema (extracting again, with
one retry, when the data so far does not fit).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..agent.artifacts import json_artifact, record_final_page
from ..agent.extract import ExtractionFailed, extract_data, schema_error
from ..agent.json_reply import ReplyFailed, ask_json
from ..agent.model_calls import ModelMeter
from ..agent.navigation import web_url
from ..agent.snapshot import take_snapshot
from ..agent.step_agent import StepAgent
from ..agent.targets import settle
from ..domain.engine import StepOutcome
from ..domain.error_text import first_line
from ..domain.snapshot import PageSnapshot
from ..ports import LLMError, StepContext
from .v2_prompts import PlannerDecision, parse_planner_reply, planner_messages
from .v2_state import MINI_TASK_MAX_STEPS, MiniTask, V2State

DEFAULT_MAX_ITERATIONS = 10
NO_MODEL_REASON = "skyvern-2.0 needs a language model and none is configured"


class TaskV2Engine:
    """The skyvern-2.0 engine (task v2): a model plans mini-tasks, the step agent runs them."""

    def __init__(
        self,
        *,
        agent: StepAgent | None = None,
        mini_task_max_steps: int = MINI_TASK_MAX_STEPS,
        settle_timeout_ms: int = 3000,
    ) -> None:
        self.agent = agent or StepAgent(settle_timeout_ms=settle_timeout_ms)
        self.mini_task_max_steps = mini_task_max_steps
        self.settle_timeout_ms = settle_timeout_ms

    async def step(self, ctx: StepContext) -> StepOutcome:
        if ctx.llm is None or not ctx.model:
            return StepOutcome(decision="fail", failure_reason=NO_MODEL_REASON)
        return await TaskV2Step(self, ctx).run()


class TaskV2Step:
    """One run step of a task v2: a planning call when no mini-task is active, then one step
    of the active mini-task."""

    def __init__(self, engine: TaskV2Engine, ctx: StepContext) -> None:
        self.engine = engine
        self.ctx = ctx
        self.spec = ctx.run.spec
        self.state = V2State.load(ctx.run.engine_state)
        self.meter = ModelMeter(
            ctx.llm,  # type: ignore[arg-type]
            ctx.model or "",
            timeout_seconds=float(ctx.settings.get("llm_timeout_seconds", 120)),
        )
        self.outcome = StepOutcome(output=self.state.latest_output())
        self.max_iterations = ctx.run.max_iterations or DEFAULT_MAX_ITERATIONS
        self.ran_mini_step = False

    @property
    def page(self) -> Any:
        return self.ctx.browser.page

    async def run(self) -> StepOutcome:
        try:
            if self.state.active is None:
                await self._plan()
            if self.state.active is not None and self.outcome.decision == "continue":
                await self._mini_step(self.state.active)
        except ReplyFailed as error:
            self._end("fail", f"planner {error}")
        except LLMError as error:
            self._end("fail", f"model call failed: {error}")
        return await self._finish()

    # -- planning ------------------------------------------------------------------
    async def _plan(self) -> None:
        snapshot = None if self._blank() else await self._snapshot()
        messages = planner_messages(
            self.spec, self.state, snapshot, max_iterations=self.max_iterations
        )
        decision = await ask_json(self.meter, "plan", messages, parse_planner_reply, label="reply")
        if decision.status == "terminate":
            self._end("terminate", decision.reason or "the planner found the goal unreachable")
        elif decision.status == "done":
            await self._done(decision, snapshot)
        elif not self.state.can_begin(self.max_iterations):
            self.outcome.output = self.state.latest_output()
            self._end(
                "fail",
                f"Reached the maximum of {self.max_iterations} iterations without completing "
                "the goal",
            )
        else:
            await self._begin(decision)

    async def _begin(self, decision: PlannerDecision) -> None:
        planned = decision.mini_task
        assert planned is not None
        task = self.state.begin(
            planned.goal, planned.url, planned.data_to_extract, self.ctx.step.order
        )
        if task.url and task.url != self.page.url:
            try:
                await self.page.goto(web_url(task.url), wait_until="domcontentloaded")
            except Exception as error:  # refused or unreachable: the planner picks again
                self.state.after_step(
                    "fail",
                    failure_reason=f"could not open {task.url}: {first_line(error)}",
                    max_steps=self.engine.mini_task_max_steps,
                )

    async def _done(self, decision: PlannerDecision, snapshot: PageSnapshot | None) -> None:
        schema = self.spec.extraction_schema
        output = self.state.latest_output()
        if schema and schema_error(output, schema) is not None:
            page = snapshot or await self._snapshot()
            final_spec = self.spec.model_copy(
                update={"extraction_goal": self.spec.extraction_goal or self.spec.goal}
            )
            try:
                output = await extract_data(
                    self.meter, final_spec, page, self.state.outputs() or None
                )
            except ExtractionFailed as error:
                # off-schema after the repair: the decision step ends the run terminated
                output = error.output
        self.outcome.output = output
        self.outcome.summary = decision.summary or self._memory_summary()
        self.outcome.decision = "complete"

    # -- one step of the running mini-task -------------------------------------------
    async def _mini_step(self, task: MiniTask) -> None:
        mini_spec = self.spec.model_copy(
            update={
                "goal": task.goal,
                "url": task.url or self.spec.url,
                "extraction_goal": task.extraction_goal,
                "extraction_schema": self.spec.extraction_schema if task.extraction_goal else None,
                "complete_criterion": None,
                "terminate_criterion": None,
            }
        )
        mini_run = self.ctx.run.model_copy(
            update={
                "spec": mini_spec,
                "engine_state": task.engine_state,
                "max_steps": self.engine.mini_task_max_steps,
            }
        )
        history = [s for s in self.ctx.history if s.order >= task.start_order]
        # the run step's context for the mini-task (restore notes stay with the planner)
        mini_ctx = replace(
            self.ctx, run=mini_run, history=history, page_restore=None, interrupted_action=None
        )
        result = await self.engine.agent.step(mini_ctx)
        self.ran_mini_step = True
        self._merge(result)
        after = self.state.after_step(
            result.decision,
            summary=result.summary,
            output=result.output,
            url=result.url,
            failure_reason=result.failure_reason,
            engine_state=result.engine_state,
            max_steps=self.engine.mini_task_max_steps,
        )
        if result.output is not None and after == "replan":
            self.outcome.output = result.output
        if after == "terminate":
            self.outcome.errors = result.errors
            self._end("terminate", result.failure_reason or "the goal cannot be reached")
        elif after == "fail":
            self._end("fail", result.failure_reason or "the mini-task failed")

    def _merge(self, result: StepOutcome) -> None:
        out = self.outcome
        out.actions.extend(result.actions)
        out.artifacts.extend(result.artifacts)
        out.downloaded_files.extend(result.downloaded_files)
        out.input_tokens += result.input_tokens
        out.output_tokens += result.output_tokens
        out.cost += result.cost
        out.model_calls += result.model_calls
        out.url = result.url
        if result.summary:
            out.summary = result.summary

    # -- helpers -----------------------------------------------------------------------
    def _blank(self) -> bool:
        return self.page.url in ("", "about:blank")

    async def _snapshot(self) -> PageSnapshot:
        await settle(self.page, self.engine.settle_timeout_ms)
        return await take_snapshot(self.page)

    def _end(self, decision: str, reason: str) -> None:
        self.outcome.decision = decision  # type: ignore[assignment]
        self.outcome.failure_reason = reason

    def _memory_summary(self) -> str:
        done = [m for m in self.state.memory if m.status == "completed"]
        return "; ".join(f"{m.goal}: {m.result or 'done'}" for m in done) or "Goal reached."

    async def _finish(self) -> StepOutcome:
        out = self.outcome
        out.engine_state = self.state.dump(self.ctx.run.engine_state)
        out.input_tokens += self.meter.input_tokens
        out.output_tokens += self.meter.output_tokens
        out.cost += self.meter.cost
        out.model_calls += self.meter.model_calls
        if self.meter.calls:
            out.artifacts.append(
                json_artifact(
                    "planner.json",
                    [
                        {"purpose": c.purpose, "messages": c.messages, "reply": c.reply}
                        for c in self.meter.calls
                    ],
                )
            )
        if not self.ran_mini_step:
            await record_final_page(out, self.page, self.spec.max_screenshot_scrolls)
        return out
