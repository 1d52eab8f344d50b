"""Replay a learned script with the new run's facts and no model calls.

When a recorded element cannot be found or a check fails, the fallback engine (the model
agent) takes over from that point; without one the run fails naming the broken step.
"""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import urlsplit

from ..agent.actions import parse_action
from ..agent.artifacts import record_final_page
from ..agent.executor import execute_actions
from ..agent.snapshot import take_snapshot
from ..agent.targets import settle
from ..domain.engine import StepOutcome
from ..planner.extract import read_page
from ..planner.facts import named_files, parse_facts
from ..planner.goals import wants_extraction
from ..planner.paginate import extract_with_pages
from ..planner.results import error_messages, page_summary, success_message
from ..ports import Engine, StepContext
from .locators import resolve
from .model import Script, ScriptAction
from .recorder import bound_value
from .service import ScriptService

STATE_KEY = "replay"
NO_SCRIPT = "no learned script for this site and goal; run it once with run_with=agent first"
_VALUE_FIELD = {"input_text": "text", "select_option": "option", "upload_file": "file"}


class ReplayBroke(Exception):
    """A script step could not be replayed on this page."""


class ReplayEngine:
    def __init__(
        self,
        scripts: ScriptService,
        fallback: Engine | None = None,
        *,
        settle_timeout_ms: int = 3000,
    ) -> None:
        self.scripts = scripts
        self.fallback = fallback
        self.settle_timeout_ms = settle_timeout_ms

    async def step(self, ctx: StepContext) -> StepOutcome:
        state = dict((ctx.run.engine_state or {}).get(STATE_KEY) or {})
        if state.get("mode") == "fallback":
            return await self._hand_over(ctx, state, StepOutcome())
        script = self.scripts.find_for(ctx.run)
        if script is None:
            if self.fallback is None:
                return StepOutcome(decision="fail", failure_reason=NO_SCRIPT)
            state = {"mode": "fallback", "reason": NO_SCRIPT}
            return await self._hand_over(ctx, state, StepOutcome())
        return await _Replay(self, ctx, script, state).run()

    async def _hand_over(
        self, ctx: StepContext, state: dict[str, Any], so_far: StepOutcome
    ) -> StepOutcome:
        assert self.fallback is not None
        engine_state = {**(ctx.run.engine_state or {}), STATE_KEY: state}
        handed = ctx.run.model_copy(update={"engine_state": engine_state})
        ctx = dataclasses.replace(ctx, run=handed)
        outcome = await self.fallback.step(ctx)
        merged = outcome.model_copy(
            update={
                "actions": [*so_far.actions, *outcome.actions],
                "artifacts": [*so_far.artifacts, *outcome.artifacts],
                "downloaded_files": [*so_far.downloaded_files, *outcome.downloaded_files],
                "ai_fallback_triggered": True,
                "engine_state": {**(outcome.engine_state or engine_state), STATE_KEY: state},
            }
        )
        return merged


class _Replay:
    def __init__(
        self, engine: ReplayEngine, ctx: StepContext, script: Script, state: dict[str, Any]
    ) -> None:
        self.engine = engine
        self.ctx = ctx
        self.script = script
        self.state = {"mode": "replay", "script_id": script.script_id, **state}
        spec = ctx.run.spec
        self.facts = parse_facts(spec.goal, spec.facts)
        self.files = named_files(spec.goal, self.facts)
        self.outcome = StepOutcome()

    @property
    def page(self) -> Any:
        return self.ctx.browser.page

    async def run(self) -> StepOutcome:
        await settle(self.page, self.engine.settle_timeout_ms)
        seen = error_messages(await read_page(self.page))
        cursor = int(self.state.get("cursor", 0))
        for index in range(cursor, len(self.script.steps)):
            action = self.script.steps[index]
            try:
                await self._replay_one(action)
            except ReplayBroke as broke:
                reason = f"step {index + 1} ({_label(action)}): {broke}"
                return await self._broken(index, reason)
            self.state["cursor"] = index + 1
        return await self._finish(seen)

    async def _replay_one(self, action: ScriptAction) -> None:
        # the page was settled after the previous action (by the executor, on evidence of
        # what that action set off) or before the first one: no wait is needed here
        snapshot = await take_snapshot(self.page)
        data: dict[str, Any] = {"action_type": action.action_type, **action.params}
        if action.locator is not None:
            found = resolve(snapshot, action.locator)
            if found.element is None:
                raise ReplayBroke(found.reason or "no element matches")
            data["element_id"] = found.element.id
        if action.drop_locator is not None:  # a drag onto an element: found like the source
            drop = resolve(snapshot, action.drop_locator)
            if drop.element is None:
                raise ReplayBroke(f"drop target: {drop.reason or 'no element matches'}")
            data["target_id"] = drop.element.id
        if action.action_type in _VALUE_FIELD:
            value = bound_value(action.value_binding, self.facts, self.files)
            if value is None:
                binding = action.value_binding
                if binding is not None and binding.withheld:
                    raise ReplayBroke(
                        "the value typed here was not one of the run's facts, so it was not "
                        "recorded; the agent has to choose it"
                    )
                wanted = binding.fact if binding else None
                raise ReplayBroke(f"this run gives no value for {wanted or 'the field'!r}")
            data[_VALUE_FIELD[action.action_type]] = value
        result = await execute_actions(
            self.ctx.browser,
            [parse_action(data)],
            snapshot=snapshot,
            files_dir=self.ctx.files_dir,
            codes=self.ctx.codes,
            run=self.ctx.run,
            settle_timeout_ms=self.engine.settle_timeout_ms,
        )
        result.add_to(self.outcome)
        failed = result.first_failure
        if failed is not None:
            raise ReplayBroke(failed.error or "the action failed")
        if action.expect_url_path:
            actual = urlsplit(self.page.url).path
            if actual != action.expect_url_path:
                raise ReplayBroke(
                    f"expected to reach {action.expect_url_path}, the page is {actual}"
                )

    async def _broken(self, index: int, reason: str) -> StepOutcome:
        self.state.update(broke_at=index + 1, reason=reason)
        if self.engine.fallback is None:
            return await self._end("fail", failure_reason=reason)
        self.state["mode"] = "fallback"
        return await self.engine._hand_over(self.ctx, self.state, self.outcome)

    async def _finish(self, seen: list[str]) -> StepOutcome:
        reading = await read_page(self.page)
        fresh = [m for m in error_messages(reading) if m not in seen]
        if fresh:
            errors = [{"error_code": "site_error", "reasoning": m} for m in fresh]
            return await self._end("terminate", failure_reason=fresh[0], errors=errors)
        spec = self.ctx.run.spec
        if wants_extraction(spec.goal, spec.extraction_goal, spec.extraction_schema):
            snapshot = await take_snapshot(self.page)
            extraction = await extract_with_pages(
                self.ctx,
                snapshot,
                spec.extraction_schema,
                max_pages=20,
                settle_ms=self.engine.settle_timeout_ms,
            )
            self.outcome.actions.extend(extraction.actions)
            return await self._end("complete", output=extraction.output)
        message = success_message(reading) or page_summary(reading)
        return await self._end("complete", output={"message": message}, summary=message)

    async def _end(self, decision: str, **fields: Any) -> StepOutcome:
        await record_final_page(self.outcome, self.page, None)
        engine_state = {**(self.ctx.run.engine_state or {}), STATE_KEY: self.state}
        return self.outcome.model_copy(
            update={"decision": decision, "engine_state": engine_state, **fields}
        )


def _label(action: ScriptAction) -> str:
    locator = action.locator
    name = (locator.name or locator.label or "") if locator else ""
    return f"{action.action_type} '{name}'" if name else action.action_type
