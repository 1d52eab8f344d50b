"""The built-in planner on pages it was not tuned on: the success rate must not drop."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stratus.domain.models import Run
from stratus.planner.engine import BuiltinPlanner
from tests.fixtures.heldout.server import HeldoutServer
from tests.integration.planner.harness import drive, make_run

pytestmark = pytest.mark.integration

CASES = json.loads((Path(__file__).parents[2] / "fixtures/heldout/cases.json").read_text())


def case_passed(case: dict[str, Any], run: Run, posts: list[list[tuple[str, str]]]) -> bool:
    expect = case["expect"]
    if run.status.value != expect["status"]:
        return False
    if "reason_contains" in expect and expect["reason_contains"] not in (run.failure_reason or ""):
        return False
    if "output" in expect and run.output != expect["output"]:
        return False
    posted = posts[-1] if posts else []
    fields = dict(posted)
    if any(fields.get(k) != v for k, v in expect.get("submitted", {}).items()):
        return False
    for key, values in expect.get("submitted_all", {}).items():
        if sorted(v for k, v in posted if k == key) != sorted(values):
            return False
    return not any(k in fields for k in expect.get("not_submitted", []))


async def test_heldout_success_rate(browser, heldout_server: HeldoutServer, tmp_path) -> None:
    results = {}
    for index, case in enumerate(CASES["cases"]):
        heldout_server.posts.clear()
        run = make_run(
            case["goal"],
            heldout_server.url(case["page"]),
            facts=case.get("payload"),
            schema=case.get("schema"),
        )
        driven = await drive(BuiltinPlanner(), run, browser, str(tmp_path))
        results[f"{index}:{case['page']}"] = case_passed(case, driven.run, heldout_server.posts)
    rate = sum(results.values()) / len(results)
    print(f"held-out success: {sum(results.values())}/{len(results)} = {rate:.0%}", results)
    assert rate >= CASES["min_success_rate"], results
