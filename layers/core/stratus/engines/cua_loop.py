"""The step of every computer-use engine: screenshot in, coordinate actions out.

The provider modules only speak their wire format (build the request, read the reply,
carry their conversation in the run's engine state). What a step does with the reply is
the same for all of them and lives here: play the actions, finish when the model says it
is done (with schema-validated extraction, one retry), stop on a refusal or a safety
check, and leave a screenshot and the model's reply behind as artifacts.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..agent.artifacts import json_artifact, record_final_page
from ..agent.extract import ExtractionFailed, extract_data
from ..agent.json_reply import ReplyFailed
from ..agent.model_calls import ModelMeter, strip_images
from ..agent.page_settle import wait_for_settle
from ..agent.prompt import prompt_json
from ..agent.secret_fields import mask_outcome
from ..agent.snapshot import take_snapshot
from ..domain.engine import StepOutcome
from ..domain.models import ActionRecord, TaskSpec
from ..ports import LLM, LLMError, LLMReply, LLMRequest, StepContext
from .cua_actions import CuaAction, Display, play_actions

STATE_KEY = "cua"
SETTLE_MS = 3000


@dataclass(frozen=True)
class Screen:
    """The screenshot the model sees, at the viewport's size."""

    png: bytes
    width: int
    height: int
    url: str

    @property
    def b64(self) -> str:
        return base64.b64encode(self.png).decode()

    @property
    def data_url(self) -> str:
        return f"data:image/png;base64,{self.b64}"


@dataclass
class CuaTurn:
    """What one model reply means, whatever the provider."""

    actions: list[CuaAction] = field(default_factory=list)
    text: str = ""  # the model's words: thoughts, or its final answer when done
    done: bool = False
    refusal: str | None = None  # the model declined: the run terminates with this
    safety_check: str | None = None  # the provider stopped for a human check


@dataclass(frozen=True)
class CuaExchange:
    """One step's round trip: the state it started from, what was asked, what came back,
    what it meant, and what playing its actions did."""

    state: dict[str, Any]
    request: LLMRequest
    reply: LLMReply
    turn: CuaTurn
    records: list[ActionRecord]


class CuaProvider(Protocol):
    """One provider's computer-use wire format."""

    name: str

    def display(self, viewport_width: int, viewport_height: int) -> Display: ...

    def request(
        self, *, model: str, task: str, screen: Screen, display: Display, state: dict[str, Any]
    ) -> LLMRequest: ...

    def parse(self, reply: LLMReply, display: Display) -> CuaTurn:
        """Raises ValueError when the reply cannot be understood."""

    def next_state(self, exchange: CuaExchange) -> dict[str, Any]:
        """The conversation state the next step's request starts from."""

    def extraction_extra(self) -> dict[str, Any]:
        """Extra request fields for a plain (non computer-use) call to the same model."""


class CuaProviderDefaults:
    """What a provider gets unless it says otherwise: the model sees the viewport at its own
    size, and a plain (non computer-use) call to the same model needs no extra fields."""

    def display(self, viewport_width: int, viewport_height: int) -> Display:
        return Display(viewport_width, viewport_height, viewport_width, viewport_height)

    def extraction_extra(self) -> dict[str, Any]:
        return {}


class _WithExtra:
    """The LLM port with fixed extra request fields (e.g. the Responses API)."""

    def __init__(self, llm: LLM, extra: dict[str, Any]) -> None:
        self._llm = llm
        self._extra = extra

    def sees_images(self, model: str) -> bool:
        return self._llm.sees_images(model)

    async def complete(self, request: LLMRequest) -> LLMReply:
        if not self._extra:
            return await self._llm.complete(request)
        return await self._llm.complete(
            request.model_copy(update={"extra": {**self._extra, **request.extra}})
        )


def task_text(spec: TaskSpec) -> str:
    """The goal as the computer-use model reads it (it sees no page text, only pixels)."""
    lines = [spec.goal]
    if spec.url:
        lines.append(f"The browser is open at {spec.url}.")
    if spec.facts not in (None, "", {}, []):
        lines.append(f"Use these facts: {prompt_json(spec.facts)}")
    if spec.complete_criterion:
        lines.append(f"The task is complete when: {spec.complete_criterion}")
    if spec.terminate_criterion:
        lines.append(f"Give up and explain why when: {spec.terminate_criterion}")
    lines.append("When the task is done, stop using the computer and reply with a short answer.")
    return "\n".join(lines)


async def take_screen(page: Any) -> Screen:
    size = page.viewport_size or {"width": 1280, "height": 800}
    png = await page.screenshot(type="png")
    return Screen(png=png, width=int(size["width"]), height=int(size["height"]), url=page.url)


class CuaEngine:
    """An engine over one provider; built with no arguments by the composition root."""

    provider: CuaProvider

    def __init__(self, provider: CuaProvider | None = None, *, settle_ms: int = SETTLE_MS) -> None:
        if provider is not None:
            self.provider = provider
        self.settle_ms = settle_ms

    async def step(self, ctx: StepContext) -> StepOutcome:
        if ctx.llm is None or not ctx.model:
            return StepOutcome(
                decision="fail",
                failure_reason=f"{self.provider.name} needs a computer-use model and none is set",
            )
        return await _CuaStep(self, ctx).run()


class _CuaStep:
    def __init__(self, engine: CuaEngine, ctx: StepContext) -> None:
        self.engine = engine
        self.provider = engine.provider
        self.ctx = ctx
        self.llm: LLM = ctx.llm  # type: ignore[assignment]
        self.model = ctx.model or ""
        self.spec = ctx.run.spec
        self.outcome = StepOutcome()
        self.calls: list[dict[str, Any]] = []
        self.secrets: set[str] = set()  # typed into password / one-time-code fields
        self.timeout = float(ctx.settings.get("llm_timeout_seconds", 120))
        self.extraction = ModelMeter(
            _WithExtra(self.llm, self.provider.extraction_extra()),
            self.model,
            timeout_seconds=self.timeout,
        )

    @property
    def page(self) -> Any:
        return self.ctx.browser.page

    async def run(self) -> StepOutcome:
        try:
            await self._go()
        except LLMError as error:
            self._end("fail", f"model call failed: {error}")
        except ReplyFailed as error:
            self._end("fail", str(error))
        return await self._finish()

    async def _go(self) -> None:
        await wait_for_settle(self.page, timeout_ms=self.engine.settle_ms)
        screen = await take_screen(self.page)
        display = self.provider.display(screen.width, screen.height)
        state = dict((self.ctx.run.engine_state or {}).get(STATE_KEY) or {})
        request = self.provider.request(
            model=self.model,
            task=task_text(self.spec),
            screen=screen,
            display=display,
            state=state,
        )
        request = request.model_copy(update={"timeout_seconds": self.timeout})
        reply = await self.llm.complete(request)
        self._count(request, reply)
        try:
            turn = self.provider.parse(reply, display)
        except ValueError as error:
            self._end("fail", f"{self.provider.name} reply could not be read: {error}")
            return
        self.outcome.summary = turn.text or None
        if turn.safety_check:
            self._end("terminate", f"the model stopped for a safety check: {turn.safety_check}")
            return
        if turn.refusal:
            self._end("terminate", f"the model refused: {turn.refusal}")
            return
        records: list[ActionRecord] = []
        if turn.actions:
            played = await play_actions(self.page, turn.actions, display)
            self.secrets |= played.secrets
            records = played.records
            self.outcome.actions.extend(records)
            await wait_for_settle(self.page, timeout_ms=self.engine.settle_ms)
        new_state = self.provider.next_state(CuaExchange(state, request, reply, turn, records))
        self.outcome.engine_state = {**(self.ctx.run.engine_state or {}), STATE_KEY: new_state}
        if turn.done:
            await self._complete(turn)

    async def _complete(self, turn: CuaTurn) -> None:
        self.outcome.actions.append(ActionRecord(action_type="complete", data=turn.text or None))
        if self.spec.extraction_goal or self.spec.extraction_schema:
            snapshot = await take_snapshot(self.page)
            try:
                self.outcome.output = await extract_data(self.extraction, self.spec, snapshot, None)
            except ExtractionFailed as error:
                # off-schema after the repair: the decision step ends the run terminated
                self.outcome.output = error.output
        self.outcome.decision = "complete"

    def _end(self, decision: str, reason: str) -> None:
        self.outcome.decision = decision  # type: ignore[assignment]
        self.outcome.failure_reason = reason
        if decision == "terminate":
            self.outcome.actions.append(ActionRecord(action_type="terminate", data=reason))

    def _count(self, request: LLMRequest, reply: LLMReply) -> None:
        self.outcome.model_calls += 1
        self.outcome.input_tokens += reply.input_tokens
        self.outcome.output_tokens += reply.output_tokens
        self.outcome.cost += reply.cost
        self.calls.append(
            {
                "purpose": f"{self.provider.name}:act",
                "request": _stored_request(request),
                "reply": {
                    "text": reply.text,
                    "tool_calls": reply.tool_calls,
                    "raw": reply.raw,
                    "input_tokens": reply.input_tokens,
                    "output_tokens": reply.output_tokens,
                    "cost": reply.cost,
                },
            }
        )

    async def _finish(self) -> StepOutcome:
        outcome = self.outcome
        meter = self.extraction
        outcome.model_calls += meter.model_calls
        outcome.input_tokens += meter.input_tokens
        outcome.output_tokens += meter.output_tokens
        outcome.cost += meter.cost
        for call in meter.calls:
            stored = {"messages": call.messages}
            self.calls.append({"purpose": call.purpose, "request": stored, "reply": call.reply})
        await record_final_page(outcome, self.page, None)
        if self.calls:
            outcome.artifacts.append(json_artifact("llm_reply.json", self.calls))
        outcome.artifacts.append(
            json_artifact("actions.json", [r.model_dump(mode="json") for r in outcome.actions])
        )
        # the model's conversation (engine_state) keeps what it typed: it is its memory
        return mask_outcome(outcome, self.secrets)


def _stored_request(request: LLMRequest) -> dict[str, Any]:
    """The request without screenshots (they are stored as the step's screenshot)."""
    extra = dict(request.extra)
    if isinstance(extra.get("input"), list):
        extra["input"] = [_strip_input_images(item) for item in extra["input"]]
    return {
        "model": request.model,
        "messages": strip_images(request.messages),
        "tools": request.tools,
        "extra": extra,
    }


def _strip_input_images(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    if item.get("type") == "computer_call_output":
        return {**item, "output": {"type": "input_image", "image_url": "(screenshot)"}}
    content = item.get("content")
    if isinstance(content, list):
        parts = [
            {"type": "input_image", "image_url": "(screenshot)"}
            if isinstance(p, dict) and p.get("type") == "input_image"
            else p
            for p in content
        ]
        return {**item, "content": parts}
    return item
