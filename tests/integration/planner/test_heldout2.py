"""The built-in planner on the second held-out set, one test per case.

The set was written before the planner changes it measures; a case the planner misses is
a strict xfail naming what the planner lacks (in cases.json).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from stratus.planner.engine import BuiltinPlanner
from tests.fixtures.heldout2.server import Heldout2Server
from tests.integration.planner.harness import drive, make_run
from tests.integration.planner.heldout_support import load_cases, what_is_wrong

pytestmark = pytest.mark.integration

CASES = load_cases(Path(__file__).parents[2] / "fixtures/heldout2/cases.json")


@pytest.mark.parametrize("case", CASES)
async def test_heldout2_case(
    case: dict[str, Any], browser, heldout2_server: Heldout2Server, tmp_path
) -> None:
    heldout2_server.posts.clear()
    run = make_run(
        case["goal"],
        heldout2_server.url(case["page"]),
        facts=case.get("payload"),
        schema=case.get("schema"),
    )
    driven = await drive(BuiltinPlanner(), run, browser, str(tmp_path))
    assert not (problem := what_is_wrong(case, driven.run, heldout2_server.posts)), problem
