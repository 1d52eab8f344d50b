"""The built-in planner engine: fills forms from facts and extracts data, with no model.

Per step: read the page; if a submit just happened, look for the site's error message;
otherwise fill every field the facts match and press the form's advance button; once
there is nothing left to fill, read the result (or extract) and complete.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..agent.actions import Action, ClickAction, KeypressAction
from ..agent.artifacts import screenshot_artifact
from ..agent.executor import execute_actions
from ..agent.snapshot import take_snapshot
from ..agent.targets import settle
from ..domain.engine import StepOutcome
from ..domain.snapshot import PageSnapshot
from ..ports import StepContext
from .extract import read_page
from .facts import named_files, parse_facts
from .form_plan import FormPlan, plan_form, unfilled_required
from .goals import NEEDS_MODEL, beyond_builtin, wants_extraction
from .matching import field_label
from .paginate import extract_with_pages
from .results import error_messages, page_summary, success_message
from .widgets import choose_in_comboboxes

STATE_KEY = "builtin"


class BuiltinPlanner:
    def __init__(self, *, settle_timeout_ms: int = 3000, max_pages: int = 20) -> None:
        self.settle_timeout_ms = settle_timeout_ms
        self.max_pages = max_pages

    async def step(self, ctx: StepContext) -> StepOutcome:
        return await _PlannerStep(self, ctx).run()


class _PlannerStep:
    def __init__(self, planner: BuiltinPlanner, ctx: StepContext) -> None:
        self.planner = planner
        self.ctx = ctx
        self.spec = ctx.run.spec
        self.state: dict[str, Any] = dict((ctx.run.engine_state or {}).get(STATE_KEY) or {})
        self.facts = parse_facts(self.spec.goal, self.spec.facts)
        self.outcome = StepOutcome()

    @property
    def page(self) -> Any:
        return self.ctx.browser.page

    async def run(self) -> StepOutcome:
        goal = self.spec.goal or ""
        if not self.state:
            reason = beyond_builtin(goal, self.facts)
            if reason:
                return self._end("terminate", failure_reason=reason)
        if self.page.url in ("", "about:blank") and self.spec.url:
            await self.page.goto(self.spec.url, wait_until="domcontentloaded")
        await settle(self.page, self.planner.settle_timeout_ms)
        snapshot = await take_snapshot(self.page)
        self.outcome.url = snapshot.url
        reading = await read_page(self.page)
        if self.state.get("submitted"):
            fresh = [m for m in error_messages(reading) if m not in self.state.get("seen", [])]
            if fresh:
                return await self._end_async("terminate", failure_reason=fresh[0], errors=fresh)
        plan = plan_form(snapshot, self.facts, self._files())
        if plan.fills_something or self._should_press(plan, snapshot):
            return await self._fill_and_advance(plan, snapshot, reading)
        return await self._finish(snapshot, reading)

    def _files(self) -> dict[str, Path]:
        root = Path(self.ctx.files_dir)
        found = {}
        for name in named_files(self.spec.goal or "", self.facts):
            path = root / Path(name).name
            if path.is_file():
                found[path.name] = path
        return found

    def _should_press(self, plan: FormPlan, snapshot: PageSnapshot) -> bool:
        """A page with nothing to fill but an advance button (a review page) after a submit."""
        if not self.state.get("submitted") or plan.advance is None:
            return False
        key = f"{snapshot.url}|{plan.advance.name}"
        return key not in self.state.get("pressed", [])

    async def _fill_and_advance(
        self, plan: FormPlan, snapshot: PageSnapshot, reading: dict[str, Any]
    ) -> StepOutcome:
        planned = {getattr(a, "element_id", None) for a in plan.actions}
        planned |= {element.id for element, _ in plan.open_comboboxes}
        missing = [
            field_label(e) or e.id for e in unfilled_required(snapshot) if e.id not in planned
        ]
        if missing:
            return await self._end_async(
                "terminate",
                failure_reason=f"{NEEDS_MODEL}: the form asks for {', '.join(missing)} and the "
                "facts give no value for it",
            )
        actions: list[Action] = list(plan.actions)
        if plan.open_comboboxes:
            records, snapshot = await choose_in_comboboxes(self.ctx, snapshot, plan.open_comboboxes)
            self.outcome.actions.extend(records)
        if plan.advance is not None:
            actions.append(ClickAction(element_id=plan.advance.id, reasoning="advance the form"))
        elif plan.actions and (last := _last_text_input(plan)) is not None:
            actions.append(KeypressAction(element_id=last, key="Enter", reasoning="submit"))
        result = await execute_actions(
            self.ctx.browser,
            actions,
            snapshot=snapshot,
            files_dir=self.ctx.files_dir,
            codes=self.ctx.codes,
            run=self.ctx.run,
            settle_timeout_ms=self.planner.settle_timeout_ms,
        )
        self.outcome.actions.extend(result.records)
        self.outcome.downloaded_files.extend(result.downloaded_files)
        self.outcome.artifacts.extend(result.artifacts)
        failed = next((r for r in result.records if not r.success), None)
        if failed is not None:
            return await self._end_async(
                "fail", failure_reason=f"{failed.action_type} failed: {failed.error}"
            )
        pressed = list(self.state.get("pressed", []))
        if plan.advance is not None:
            pressed.append(f"{snapshot.url}|{plan.advance.name}")
        self.state.update(
            submitted=True,
            submitted_url=snapshot.url,
            filled=sorted({*self.state.get("filled", []), *plan.filled}),
            pressed=pressed[-20:],
            seen=error_messages(reading),
            pages=int(self.state.get("pages", 0)) + 1,
        )
        return await self._end_async("continue")

    async def _finish(self, snapshot: PageSnapshot, reading: dict[str, Any]) -> StepOutcome:
        goal = self.spec.goal or ""
        extracting = wants_extraction(goal, self.spec.extraction_goal, self.spec.extraction_schema)
        if extracting:
            extraction = await extract_with_pages(
                self.ctx,
                snapshot,
                self.spec.extraction_schema,
                max_pages=self.planner.max_pages,
                settle_ms=self.planner.settle_timeout_ms,
            )
            self.outcome.actions.extend(extraction.actions)
            if extraction.output in (None, [], {}):
                return await self._end_async(
                    "terminate",
                    failure_reason=f"{NEEDS_MODEL}: found no table, list or labelled values on "
                    "the page to extract",
                )
            return await self._end_async(
                "complete",
                output=extraction.output,
                summary=f"extracted {extraction.pages} page(s)",
            )
        if self.state.get("submitted"):
            message = success_message(reading)
            if message is None and snapshot.url == self.state.get("submitted_url"):
                return await self._end_async(
                    "terminate",
                    failure_reason="the form was submitted but the page neither moved on nor "
                    "shows a confirmation or an error",
                )
            message = message or page_summary(reading)
            return await self._end_async("complete", output={"message": message}, summary=message)
        if not self.facts:
            reason = "it gives no facts to fill in and nothing to extract"
        else:
            reason = f"none of the facts ({', '.join(self.facts)}) matches a field on this page"
        return await self._end_async("terminate", failure_reason=f"{NEEDS_MODEL}: {reason}")

    async def _end_async(self, decision: str, **fields: Any) -> StepOutcome:
        shot = await screenshot_artifact(self.page, None)
        if shot is not None:
            self.outcome.artifacts.append(shot)
        return self._end(decision, **fields)

    def _end(self, decision: str, **fields: Any) -> StepOutcome:
        self.outcome.decision = decision  # type: ignore[assignment]
        for name, value in fields.items():
            setattr(self.outcome, name, value)
        if "errors" in fields:
            self.outcome.errors = [
                {"error_code": "site_error", "reasoning": e} for e in fields["errors"]
            ]
        self.outcome.engine_state = {**(self.ctx.run.engine_state or {}), STATE_KEY: self.state}
        return self.outcome


def _last_text_input(plan: FormPlan) -> str | None:
    for action in reversed(plan.actions):
        if action.action_type == "input_text":
            return action.element_id
    return None
