"""The built-in planner on the second held-out set, one test per case.

The set was written before the planner changes it measures; a case the planner misses is
a strict xfail naming what the planner lacks (in cases.json).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.heldout2.server import Heldout2Server
from tests.integration.planner.heldout_support import load_cases, problem_with_case

pytestmark = pytest.mark.integration

CASES = load_cases(Path(__file__).parents[2] / "fixtures/heldout2/cases.json")


@pytest.mark.parametrize("case", CASES)
async def test_heldout2_case(
    case: dict[str, Any], browser, heldout2_server: Heldout2Server, tmp_path
) -> None:
    problem = await problem_with_case(case, heldout2_server, browser, str(tmp_path))
    assert not problem, problem
