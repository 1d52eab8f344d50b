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
from .checks import empty_properties, unused_facts
from .extract import cap_rows, read_page
from .facts import named_files, parse_facts
from .fallbacks import fallback_values, with_fallbacks
from .form_plan import FormPlan, plan_form, unfilled_required
from .goals import NEEDS_MODEL, beyond_builtin, row_limit, wants_extraction
from .matching import field_label
from .paginate import extract_with_pages
from .results import error_messages, page_summary, success_message
from .schema import schema_shape
from .widgets import choose_in_comboboxes

STATE_KEY = "builtin"


class BuiltinPlanner:
    def __init__(self, *, settle_timeout_ms: int = 3000, max_pages: int = 20) -> None:
        self.settle_timeout_ms = settle_timeout_ms
        self.max_pages = max_pages

    async def step(self, ctx: StepContext) -> StepOutcome:
        return await BuiltinPlannerStep(self, ctx).run()


class BuiltinPlannerStep:
    """One run step of the built-in (rule-based, model-free) planner."""

    def __init__(self, planner: BuiltinPlanner, ctx: StepContext) -> None:
        self.planner = planner
        self.ctx = ctx
        self.spec = ctx.run.spec
        self.state: dict[str, Any] = dict((ctx.run.engine_state or {}).get(STATE_KEY) or {})
        taken = dict(self.state.get("fallbacks") or {})
        self.facts = with_fallbacks(parse_facts(self.spec.goal, self.spec.facts), taken)
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
        await settle(self.page, self.planner.settle_timeout_ms)
        snapshot = await take_snapshot(self.page)
        self.outcome.url = snapshot.url
        reading = await read_page(self.page)
        if self.state.get("submitted"):
            fresh = [m for m in error_messages(reading) if m not in self.state.get("seen", [])]
            if fresh and not self._take_fallback(fresh):
                return await self._end_async("terminate", failure_reason=fresh[0], errors=fresh)
        if self.state.get("submitted") and self._used_all_facts() and success_message(reading):
            return await self._finish(snapshot, reading)  # a step saved; go no further
        buttons = frozenset(reading.get("listboxButtons") or [])
        plan = plan_form(snapshot, self.facts, self._files(), buttons)
        if plan.fills_something and _form_key(plan) in self.state.get("forms", []):
            return await self._end_async(
                "terminate",
                failure_reason=f"{NEEDS_MODEL}: the form was sent but came back the same, with "
                "no confirmation and no error, so there is no sign the submission worked",
            )
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
        """A page with nothing to fill but an advance button: a review page after a submit,
        or, before any, an intro page with no fields in front of the form."""
        if plan.advance is None:
            return False
        if f"{snapshot.url}|{plan.advance.name}" in self.state.get("pressed", []):
            return False
        return bool(self.state.get("submitted")) or (bool(self.facts) and not plan.fields)

    async def _fill_and_advance(
        self, plan: FormPlan, snapshot: PageSnapshot, reading: dict[str, Any]
    ) -> StepOutcome:
        planned = {i for a in plan.actions if (i := getattr(a, "element_id", None))}
        planned |= {element.id for element, _ in plan.open_comboboxes}
        missing = [field_label(e) or e.id for e in unfilled_required(snapshot, frozenset(planned))]
        if plan.unplaced:
            return await self._end_async(
                "terminate",
                failure_reason=f"{NEEDS_MODEL}: no option fits {', '.join(plan.unplaced)}",
            )
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
        result.add_to(self.outcome)
        failed = result.first_failure
        if failed is not None:
            return await self._end_async(  # the page would not take what the rules chose
                "terminate",
                failure_reason=f"{NEEDS_MODEL}: {failed.action_type} failed: {failed.error}",
            )
        pressed = list(self.state.get("pressed", []))
        if plan.advance is not None:
            pressed.append(f"{snapshot.url}|{plan.advance.name}")
        forms = list(self.state.get("forms", []))
        if plan.fills_something:
            forms.append(_form_key(plan))
        self.state.update(
            forms=forms[-20:],
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
            shape = schema_shape(self.spec.extraction_schema)
            most = shape.max_items if shape is not None else None
            limits = [n for n in (row_limit(goal), most) if n is not None]
            extraction = await extract_with_pages(
                self.ctx,
                snapshot,
                self.spec.extraction_schema,
                max_pages=self.planner.max_pages,
                settle_ms=self.planner.settle_timeout_ms,
                row_limit=min(limits) if limits else None,
            )
            self.outcome.actions.extend(extraction.actions)
            if extraction.output in (None, [], {}):
                return await self._end_async(
                    "terminate",
                    failure_reason=f"{NEEDS_MODEL}: found no table, list or labelled values on "
                    "the page to extract",
                )
            output = cap_rows(shape, extraction.output, row_limit(goal))
            empty = empty_properties(shape, output)
            if empty:
                return await self._end_async(
                    "terminate",
                    failure_reason=f"{NEEDS_MODEL}: found nothing on the page for "
                    f"{', '.join(empty)}",
                )
            if unused := self._unused_facts():
                return await self._end_async("terminate", failure_reason=unused)
            return await self._end_async(
                "complete",
                output=output,
                summary=f"extracted {extraction.pages} page(s)",
            )
        if self.state.get("submitted"):
            if unused := self._unused_facts():
                return await self._end_async("terminate", failure_reason=unused)
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

    def _take_fallback(self, errors: list[str]) -> bool:
        """After the site refused a value the goal gave a second choice for, use that."""
        spare = fallback_values(self.spec.goal or "")
        taken = dict(self.state.get("fallbacks") or {})
        refused = [v for v in self.facts.values() if v in spare and v not in taken]
        if not refused:
            return False
        taken[refused[0]] = spare[refused[0]]
        self.state.update(fallbacks=taken, seen=[*self.state.get("seen", []), *errors])
        self.facts = with_fallbacks(self.facts, taken)
        return True

    def _used_all_facts(self) -> bool:
        return not unused_facts(self.facts, self.state.get("filled", []))

    def _unused_facts(self) -> str | None:
        unused = unused_facts(self.facts, self.state.get("filled", []))
        if not unused:
            return None
        return f"{NEEDS_MODEL}: no field on the page took {', '.join(unused)}"

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


def _form_key(plan: FormPlan) -> str:
    """The fields a plan fills and with which facts: the same key twice means the form
    came back as it was."""
    pairs = sorted(f"{m.field.kind}:{m.field.label}={m.value}" for m in plan.matches)
    return "|".join(pairs)


def _last_text_input(plan: FormPlan) -> str | None:
    for action in reversed(plan.actions):
        if action.action_type == "input_text":
            return action.element_id
    return None
