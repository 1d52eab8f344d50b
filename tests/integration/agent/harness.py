"""A small stand-in for the execution service: loops StepAgent.step over a real browser."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.agent.step_agent import StepAgent
from stratus.config import Settings
from stratus.domain.models import Run, TaskSpec
from stratus.ports import LLM, VerificationCodes
from tests.support import harness
from tests.support.harness import MODEL, NO_SCREENSHOTS, Driven


def new_run(spec: TaskSpec, *, max_steps: int = 8) -> Run:
    return harness.make_run(spec, max_steps=max_steps)


@asynccontextmanager
async def browser(tmp_path: Path) -> AsyncIterator[PlaywrightBrowserProvider]:
    provider = PlaywrightBrowserProvider(Settings(data_dir=tmp_path / "data"))
    try:
        yield provider
    finally:
        await provider.close()


async def drive(
    provider: PlaywrightBrowserProvider,
    llm: LLM,
    spec: TaskSpec,
    *,
    files_dir: Path,
    run: Run | None = None,
    codes: VerificationCodes | None = None,
    max_steps: int = 8,
    agent: StepAgent | None = None,
    settings: dict[str, Any] | None = None,
) -> Driven:
    """Step until complete/terminate/fail or ``max_steps``, as the service would."""
    return await harness.drive(
        agent or StepAgent(settle_timeout_ms=2000, verification_timeout_seconds=5),
        run or new_run(spec, max_steps=max_steps),
        provider,
        str(files_dir),
        llm=llm,
        model=MODEL,
        codes=codes,
        settings=settings or dict(NO_SCREENSHOTS),
        max_steps=max_steps,
        first_order=1,
    )
