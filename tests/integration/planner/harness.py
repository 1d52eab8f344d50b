"""The shared step loop, set up for v1 tasks built from a goal and a start page."""

from __future__ import annotations

from typing import Any

from stratus.domain.models import Run, TaskSpec
from stratus.ports import BrowserProvider
from tests.support import harness
from tests.support.harness import Driven

__all__ = ["Driven", "drive", "make_run"]


def make_run(
    goal: str,
    url: str,
    *,
    facts: Any = None,
    schema: Any = None,
    organization_id: str = "o_1",
    run_with: str | None = None,
    max_steps: int = 10,
) -> Run:
    return harness.make_run(
        TaskSpec(goal=goal, url=url, facts=facts, extraction_schema=schema),
        organization_id=organization_id,
        run_with=run_with,
        max_steps=max_steps,
    )


async def drive(
    engine: Any, run: Run, browser: BrowserProvider, files_dir: str, **options: Any
) -> Driven:
    """The shared loop with no step settings; the browser session is released at the end."""
    return await harness.drive(
        engine, run, browser, files_dir, settings={}, release=True, **options
    )
