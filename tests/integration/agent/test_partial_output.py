"""A run stopped by its step limit still returns the rows it had read."""

import pytest

from tests.fakes.llm import ScriptedLLM
from tests.integration.agent.harness import drive
from tests.integration.agent.test_table_extraction import catalog_spec, page_step

pytestmark = pytest.mark.integration


async def test_step_limit_keeps_the_rows_read_so_far(fixture_server, provider, files_dir):
    spec = catalog_spec(fixture_server)
    llm = ScriptedLLM([page_step, page_step, page_step])
    result = await drive(provider, llm, spec, files_dir=files_dir, max_steps=2)

    assert result.status != "completed"
    partial = result.outcomes[-1].output
    names = [p["name"] for p in partial["products"]]
    assert names[:2] == ["Trail Backpack", "Camp Stove"]
    assert len(names) > 5  # rows from the first two pages, merged
    assert len(names) == len(set(names))


async def test_two_extracts_on_one_page_save_its_rows_once(fixture_server, provider, files_dir):
    def twice(view):
        reply = page_step(view)
        reply["actions"].insert(0, {"action_type": "extract"})
        return reply

    llm = ScriptedLLM([twice, twice])
    result = await drive(
        provider, llm, catalog_spec(fixture_server), files_dir=files_dir, max_steps=1
    )

    saved = result.outcomes[-1].engine_state["extractions"]
    assert len(saved) == 1
    names = [p["name"] for p in result.outcomes[-1].output["products"]]
    assert len(names) == len(set(names)) == 5
