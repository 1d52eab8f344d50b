"""Fakes for the execution side: a scripted engine, a browser that needs no Chromium,
an HTTP sender that records requests, and a settable clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from stratus.domain.engine import StepArtifact, StepOutcome
from stratus.domain.models import Run
from stratus.ports import HttpResponse, StepContext


class FixedClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 1, 1, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


class ScriptedEngine:
    """Plays a list of outcomes (or callables building one from the context), one per step."""

    def __init__(self, outcomes: list[StepOutcome | Callable[[StepContext], Any]]) -> None:
        self._outcomes = outcomes
        self.calls: list[StepContext] = []

    async def step(self, ctx: StepContext) -> StepOutcome:
        self.calls.append(ctx)
        index = min(len(self.calls) - 1, len(self._outcomes) - 1)
        item = self._outcomes[index]
        if isinstance(item, StepOutcome):
            return item
        result = item(ctx)
        if hasattr(result, "__await__"):
            result = await result
        return result


def screenshot_outcome(decision: str = "continue", **fields: Any) -> StepOutcome:
    return StepOutcome(
        decision=decision,  # type: ignore[arg-type]
        artifacts=[
            StepArtifact(
                name="screenshot.png",
                content_type="image/png",
                data=b"\x89PNG fake",
                is_screenshot=True,
            )
        ],
        **fields,
    )


@dataclass
class FakeSession:
    run_id: str
    page: Any = None
    context: Any = None

    async def save_state(self) -> dict[str, Any]:
        return {"url": "about:blank"}


@dataclass
class FakeBrowserProvider:
    sessions: dict[str, FakeSession] = field(default_factory=dict)
    released: list[tuple[str, bool]] = field(default_factory=list)

    async def session_for(self, run: Run) -> FakeSession:
        return self.sessions.setdefault(run.run_id, FakeSession(run.run_id))

    async def release(self, run_id: str, *, final: bool) -> None:
        self.released.append((run_id, final))
        if final:
            self.sessions.pop(run_id, None)

    async def close(self) -> None:
        self.sessions.clear()


@dataclass
class SentWebhook:
    url: str
    body: bytes
    headers: dict[str, str]


class RecordingHttp:
    """Answers each POST from a list of statuses (the last repeats); records every request."""

    def __init__(self, statuses: list[int | Exception] | None = None) -> None:
        self.statuses = statuses or [200]
        self.sent: list[SentWebhook] = []
        self.response_headers: dict[str, str] = {}
        self.answer_after_seconds = 0.0  # a receiver that takes this long to answer

    async def post(
        self, url: str, body: bytes, headers: Mapping[str, str], *, timeout: float
    ) -> HttpResponse:
        self.sent.append(SentWebhook(url, body, dict(headers)))
        if self.answer_after_seconds:
            await asyncio.sleep(self.answer_after_seconds)
        status = self.statuses[min(len(self.sent) - 1, len(self.statuses) - 1)]
        if isinstance(status, Exception):
            raise status
        return HttpResponse(status_code=status, headers=dict(self.response_headers), body="ok")


class NoCodes:
    async def wait_for_code(self, run: Run, *, timeout_seconds: float) -> str | None:
        return None


async def no_sleep(_: float) -> None:
    return None
