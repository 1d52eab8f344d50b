import json

import pytest

from stratus.agent.extract import ExtractionFailed, extract_data, schema_error
from stratus.agent.model_calls import ModelMeter
from stratus.domain.models import TaskSpec
from stratus.domain.snapshot import PageSnapshot
from tests.fakes.llm import ScriptedLLM
from tests.support.schemas import rows_schema

pytestmark = pytest.mark.unit

SCHEMA = rows_schema("rows", {"name": "string", "price": "number"}, required=True)
PAGE = PageSnapshot(url="https://x.test/p", title="Prices", text="Tea 3.5\nCoffee 4")


def test_valid_data_has_no_error():
    assert schema_error({"rows": [{"name": "Tea", "price": 3.5}]}, SCHEMA) is None


def test_first_error_names_its_path():
    error = schema_error({"rows": [{"name": "Tea", "price": "3.5"}]}, SCHEMA)
    assert error == "$.rows[0].price: '3.5' is not of type 'number'"


def test_a_non_schema_is_not_enforced():
    assert schema_error({"anything": 1}, {"type": 12}) is None


def test_declared_draft_is_honoured():
    draft4 = {"$schema": "http://json-schema.org/draft-04/schema#", "type": "integer"}
    assert schema_error(3, draft4) is None
    assert "is not of type" in schema_error("3", draft4)


async def test_retry_sends_the_validation_error_and_accepts_the_fix():
    replies = iter(
        [
            {"output": {"rows": [{"name": "Tea", "price": "3.5"}]}},
            {"output": {"rows": [{"name": "Tea", "price": 3.5}]}},
        ]
    )
    llm = ScriptedLLM([], extract=lambda view: next(replies))
    meter = ModelMeter(llm, "m")
    spec = TaskSpec(goal="prices", extraction_schema=SCHEMA)
    output = await extract_data(meter, spec, PAGE, None)
    assert output == {"rows": [{"name": "Tea", "price": 3.5}]}
    assert "$.rows[0].price" in llm.requests[1].messages[-1]["content"]
    assert "Tea 3.5" in llm.requests[0].messages[1]["content"]
    assert json.dumps(SCHEMA, separators=(",", ":")) in llm.requests[0].messages[1]["content"]


async def test_still_invalid_after_retry_fails_and_keeps_the_output():
    llm = ScriptedLLM([], extract=lambda view: {"output": {"rows": "none"}})
    meter = ModelMeter(llm, "m")
    with pytest.raises(ExtractionFailed) as caught:
        await extract_data(meter, TaskSpec(goal="g", extraction_schema=SCHEMA), PAGE, None)
    assert str(caught.value) == (
        "extracted output does not match the schema: $.rows: 'none' is not of type 'array'"
    )
    assert caught.value.output == {"rows": "none"}
    assert meter.model_calls == 2


async def test_data_saved_from_earlier_pages_is_in_the_prompt():
    llm = ScriptedLLM([], extract=lambda view: {"output": {"rows": []}})
    meter = ModelMeter(llm, "m")
    saved = [{"rows": [{"name": "Juice", "price": 2}]}]
    await extract_data(meter, TaskSpec(goal="g", extraction_schema=SCHEMA), PAGE, saved)
    assert "Juice" in llm.requests[0].messages[1]["content"]
