"""Held-out cases as one test each: loading them with their strict xfail marks, and judging a run.

A case file is ``{"cases": [...]}``; each case has an ``id``, the ``page``, the ``goal``,
optional ``payload`` and ``schema``, what it ``expect``s, and, when the built-in planner
misses it today, ``xfail``: what the planner lacks. The mark is strict, so a case that
starts passing fails until its mark is taken away.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stratus.domain.models import Run
from stratus.planner.engine import BuiltinPlanner
from tests.fixtures.heldout.server import HeldoutServer
from tests.integration.planner.harness import drive, make_run


def load_cases(path: Path) -> list[Any]:
    cases = json.loads(path.read_text())["cases"]
    params = []
    for case in cases:
        marks = []
        if case.get("xfail"):
            marks.append(pytest.mark.xfail(strict=True, reason=case["xfail"]))
        params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


async def problem_with_case(
    case: dict[str, Any], server: HeldoutServer, browser: Any, files_dir: str
) -> str:
    """Run the built-in planner on the case's page with its goal, facts and schema; what is
    wrong with the run (empty when nothing is)."""
    server.posts.clear()
    run = make_run(
        case["goal"],
        server.url(case["page"]),
        facts=case.get("payload"),
        schema=case.get("schema"),
    )
    driven = await drive(BuiltinPlanner(), run, browser, files_dir)
    return what_is_wrong(case, driven.run, server.posts)


def what_is_wrong(case: dict[str, Any], run: Run, posts: list[list[tuple[str, str]]]) -> str:
    """Empty when the run did what the case expects, else what differs."""
    expect = case["expect"]
    problems = []
    if run.status.value != expect["status"]:
        problems.append(
            f"status {run.status.value} ({run.failure_reason!r}), expected {expect['status']}"
        )
    reason = run.failure_reason or ""
    wanted = expect.get("reason_contains", [])
    for part in [wanted] if isinstance(wanted, str) else wanted:
        if part not in reason:
            problems.append(f"failure reason {reason!r} lacks {part!r}")
    if "output" in expect and run.output != expect["output"]:
        problems.append(f"output {run.output!r}, expected {expect['output']!r}")
    if expect.get("no_post") and posts:
        problems.append(f"the site received {posts[-1]!r}")
    posted = posts[-1] if posts else []
    fields = dict(posted)
    for key, value in expect.get("submitted", {}).items():
        if fields.get(key) != value:
            problems.append(f"field {key!r} sent {fields.get(key)!r}, expected {value!r}")
    for key, values in expect.get("submitted_all", {}).items():
        sent = sorted(v for k, v in posted if k == key)
        if sent != sorted(values):
            problems.append(f"field {key!r} sent {sent!r}, expected {sorted(values)!r}")
    for key in expect.get("not_submitted", []):
        if key in fields:
            problems.append(f"field {key!r} was sent ({fields[key]!r})")
    return "; ".join(problems)
