"""The skyvern-1.0 engine: one step = read the page, one model call, act, check, extract."""

from __future__ import annotations

from typing import Any

from ..domain.engine import StepOutcome
from ..domain.models import ActionRecord
from ..domain.snapshot import PageSnapshot
from ..ports import LLMError, StepContext
from .artifacts import prompt_screenshot, record_final_page, step_artifacts, wants_screenshot
from .executor import ExecutionResult, execute_actions
from .extract import ExtractionFailed, extract_data, schema_error
from .json_reply import ReplyFailed, ask_json
from .loops import LOOP_STEPS, failing_loop
from .model_calls import ModelMeter
from .partial import merge_partial
from .prompt import step_messages
from .reply import StepReply, parse_step_reply
from .reply_schema import STEP_REPLY_FORMAT
from .snapshot import take_snapshot
from .targets import settle
from .verify import check_goal_met

NO_MODEL_REASON = "skyvern-1.0 needs a language model and none is configured"


class StepAgent:
    reads_page_notes = True  # told when a cold browser lost the run's page (see StepContext)

    def __init__(
        self, *, settle_timeout_ms: int = 3000, verification_timeout_seconds: float = 60
    ) -> None:
        self.settle_timeout_ms = settle_timeout_ms
        self.verification_timeout_seconds = verification_timeout_seconds

    async def step(self, ctx: StepContext) -> StepOutcome:
        if ctx.llm is None or not ctx.model:
            return StepOutcome(decision="fail", failure_reason=NO_MODEL_REASON)
        run = _StepRun(self, ctx)
        try:
            await run.go()
        except ReplyFailed as error:
            run.fail(str(error))
        except LLMError as error:
            run.fail(f"model call failed: {error}")
        return await run.finish()


class _StepRun:
    """The working state of one step; ``outcome`` is filled in as it goes."""

    def __init__(self, agent: StepAgent, ctx: StepContext) -> None:
        self.agent = agent
        self.ctx = ctx
        self.spec = ctx.run.spec
        self.meter = ModelMeter(
            ctx.llm,  # type: ignore[arg-type]
            ctx.model or "",
            timeout_seconds=float(ctx.settings.get("llm_timeout_seconds", 120)),
        )
        self.outcome = StepOutcome()
        self.snapshot: PageSnapshot | None = None
        self.secrets: set[str] = set()  # typed into password / one-time-code fields
        saved = (ctx.run.engine_state or {}).get("extractions")
        self.saved_extractions: list[Any] = list(saved) if isinstance(saved, list) else []

    @property
    def page(self) -> Any:
        return self.ctx.browser.page

    def fail(self, reason: str) -> None:
        self.outcome.decision = "fail"
        self.outcome.failure_reason = reason

    async def go(self) -> None:
        loop = failing_loop(self.ctx.history)
        if loop is not None and loop.steps > LOOP_STEPS:  # told once, and it failed again
            self._terminate(loop.reason, None)
            return
        self.snapshot = await self._snapshot()
        screenshot = None
        if wants_screenshot(
            str(self.ctx.settings.get("screenshots_in_prompt", "auto")),
            self.meter.model,
            self.meter.llm,
        ):
            screenshot = await prompt_screenshot(self.page)
        messages = step_messages(
            self.spec,
            self.snapshot,
            self.ctx.history,
            saved_extractions=self.saved_extractions,
            screenshot_b64=screenshot,
            notes=self._notes(),
        )
        reply = await ask_json(
            self.meter, "act", messages, parse_step_reply, schema=STEP_REPLY_FORMAT
        )
        self.outcome.summary = reply.page_assessment or None
        if reply.status == "terminate":
            self._terminate(reply.terminate_reason or "", reply)
            return
        result = await execute_actions(
            self.ctx.browser,
            [a for a in reply.actions if a.action_type not in ("complete", "terminate")],
            snapshot=self.snapshot,
            files_dir=self.ctx.files_dir,
            codes=self.ctx.codes,
            run=self.ctx.run,
            settle_timeout_ms=self.agent.settle_timeout_ms,
            verification_timeout_seconds=float(
                self.ctx.settings.get(
                    "totp_timeout_seconds", self.agent.verification_timeout_seconds
                )
            ),
        )
        result.add_to(self.outcome)
        self.secrets |= result.secrets
        await self._save_page_extractions(reply, result)
        if result.terminate_reason:
            self._terminate(result.terminate_reason, None)
        elif reply.status == "complete" and result.all_succeeded:
            await self._complete(reply, result)

    def _notes(self) -> list[str]:
        notes = []
        loop = failing_loop(self.ctx.history)
        if loop is not None:
            notes.append(loop.note)
        if self.ctx.page_restore is not None:
            notes.append(
                f"the browser was reopened from saved state ({self.ctx.page_restore.note}); "
                "check that the page is where the task left off before acting"
            )
        if self.ctx.interrupted_action:
            notes.append(
                f"the previous attempt stopped while running {self.ctx.interrupted_action}; it "
                "may already have taken effect: check the page and do not repeat it blindly"
            )
        return notes

    async def _snapshot(self) -> PageSnapshot:
        await settle(self.page, self.agent.settle_timeout_ms)
        return await take_snapshot(self.page)

    def _terminate(self, reason: str, reply: StepReply | None) -> None:
        self.outcome.decision = "terminate"
        self.outcome.failure_reason = reason
        self.outcome.actions.append(ActionRecord(action_type="terminate", data=reason))
        mapping = self.spec.error_code_mapping or {}
        if reply is not None and mapping:
            self.outcome.errors = [
                {"error_code": e.error_code, "reasoning": e.reasoning}
                for e in reply.errors
                if e.error_code in mapping
            ]

    async def _save_page_extractions(self, reply: StepReply, result: ExecutionResult) -> None:
        """``extract`` actions keep this page's data for the final, merged extraction."""
        saved_this_step = False
        for record in result.records:
            if record.action_type != "extract" or not record.success:
                continue
            if saved_this_step:  # one page, one saving: a repeated extract adds nothing
                record.data = self.saved_extractions[-1]
                continue
            saved_this_step = True
            data = reply.extracted
            if data is None and self.snapshot is not None:
                data = await extract_data(
                    self.meter, self.spec, self.snapshot, None, validate=False
                )
            record.data = data
            self.saved_extractions.append(data)
            self.outcome.engine_state = {
                **(self.ctx.run.engine_state or {}),
                "extractions": self.saved_extractions,
            }
            self.outcome.output = merge_partial(self.saved_extractions)

    async def _complete(self, reply: StepReply, result: ExecutionResult) -> None:
        fresh = await self._snapshot() if result.executed else self.snapshot
        assert fresh is not None
        history = None
        if self.spec.include_action_history_in_verification:
            history = [
                *self.ctx.history,
                self.ctx.step.model_copy(update={"actions": result.records}),
            ]
        verdict = await check_goal_met(self.meter, self.spec, fresh, history)
        if not verdict.goal_met:
            self.outcome.actions.append(
                ActionRecord(
                    action_type="complete",
                    success=False,
                    error=f"the goal is not met yet: {verdict.reason}",
                )
            )
            return
        self.outcome.actions.append(ActionRecord(action_type="complete", data=verdict.reason))
        self.outcome.summary = verdict.reason or self.outcome.summary
        wants_data = bool(self.spec.extraction_goal or self.spec.extraction_schema)
        if wants_data and not await self._extract(reply, result, fresh):
            return
        self.outcome.decision = "complete"

    async def _extract(self, reply: StepReply, result: ExecutionResult, page: PageSnapshot) -> bool:
        unchanged_page = result.executed == 0 and not self.saved_extractions
        if (
            unchanged_page
            and reply.extracted is not None
            and schema_error(reply.extracted, self.spec.extraction_schema) is None
        ):
            self.outcome.output = reply.extracted  # already read from this very page
            return True
        try:
            self.outcome.output = await extract_data(
                self.meter, self.spec, page, self.saved_extractions or None
            )
        except ExtractionFailed as error:
            # still off-schema after the repair: the execution service's decision step
            # holds the output to the schema and ends the run terminated
            self.outcome.output = error.output
        return True

    async def finish(self) -> StepOutcome:
        outcome = self.outcome
        outcome.input_tokens = self.meter.input_tokens
        outcome.output_tokens = self.meter.output_tokens
        outcome.cost = self.meter.cost
        outcome.model_calls = self.meter.model_calls
        await record_final_page(
            outcome,
            self.page,
            self.spec.max_screenshot_scrolls,
            fallback_url=self.snapshot.url if self.snapshot else None,
        )
        outcome.artifacts.extend(
            step_artifacts(self.snapshot, self.meter, outcome.actions, self.secrets)
        )
        return outcome
