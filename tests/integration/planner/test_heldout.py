"""The built-in planner on pages it was not tuned on, one test per case.

A case it misses today is a strict xfail naming what the planner lacks (in cases.json).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from stratus.planner.engine import BuiltinPlanner
from tests.fixtures.heldout.server import HeldoutServer
from tests.integration.planner.harness import drive, make_run
from tests.integration.planner.heldout_support import load_cases, what_is_wrong

pytestmark = pytest.mark.integration

CASES = load_cases(Path(__file__).parents[2] / "fixtures/heldout/cases.json")


@pytest.mark.parametrize("case", CASES)
async def test_heldout_case(
    case: dict[str, Any], browser, heldout_server: HeldoutServer, tmp_path
) -> None:
    heldout_server.posts.clear()
    run = make_run(
        case["goal"],
        heldout_server.url(case["page"]),
        facts=case.get("payload"),
        schema=case.get("schema"),
    )
    driven = await drive(BuiltinPlanner(), run, browser, str(tmp_path))
    assert not (problem := what_is_wrong(case, driven.run, heldout_server.posts)), problem
