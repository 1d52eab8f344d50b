"""The built-in planner on pages it was not tuned on, one test per case.

A case it misses today is a strict xfail naming what the planner lacks (in cases.json).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.heldout.server import HeldoutServer
from tests.integration.planner.heldout_support import load_cases, problem_with_case

pytestmark = pytest.mark.integration

CASES = load_cases(Path(__file__).parents[2] / "fixtures/heldout/cases.json")


@pytest.mark.parametrize("case", CASES)
async def test_heldout_case(
    case: dict[str, Any], browser, heldout_server: HeldoutServer, tmp_path
) -> None:
    problem = await problem_with_case(case, heldout_server, browser, str(tmp_path))
    assert not problem, problem
