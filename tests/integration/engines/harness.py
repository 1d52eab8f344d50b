"""The shared step loop, set up for the computer-use engines (``/v1/run/tasks`` runs)."""

from __future__ import annotations

from typing import Any

from stratus.domain.models import Run, TaskSpec
from stratus.domain.status import ApiFamily, Engine
from stratus.ports import LLM, BrowserProvider
from tests.support import harness
from tests.support.harness import MODEL, Driven

__all__ = ["MODEL", "Driven", "drive", "make_run"]


def make_run(engine: Engine, spec: TaskSpec, *, max_steps: int = 10, **fields: Any) -> Run:
    return harness.make_run(
        spec, engine=engine, api_family=ApiFamily.runs, max_steps=max_steps, **fields
    )


async def drive(
    engine: Any, run: Run, browser: BrowserProvider, files_dir: str, *, llm: LLM
) -> Driven:
    return await harness.drive(engine, run, browser, files_dir, llm=llm, model=MODEL)
