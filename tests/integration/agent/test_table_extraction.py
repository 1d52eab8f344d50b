"""A three-page table: each page's rows are saved, then merged into the schema."""

import json
import re

import pytest

from stratus.domain.models import TaskSpec
from tests.fakes.llm import PromptView, ScriptedLLM, act
from tests.integration.agent.harness import drive
from tests.support.schemas import DRAFT_2020_12, rows_schema

pytestmark = pytest.mark.integration

SCHEMA = rows_schema(
    "products",
    {"name": "string", "price": "number", "in_stock": "boolean"},
    required=True,
    dialect=DRAFT_2020_12,
)
ROW = re.compile(
    r"^(?P<name>[A-Z][\w ]+?) \| \$(?P<price>\d+\.\d\d) \| (?P<stock>\d+|Out of stock)$"
)


def rows_on(view: PromptView) -> list[dict]:
    return [
        {
            "name": m["name"],
            "price": float(m["price"]),
            "in_stock": m["stock"] != "Out of stock",
        }
        for line in view.page.splitlines()
        if (m := ROW.match(line.strip()))
    ]


def page_step(view: PromptView):
    rows = rows_on(view)
    if "Next" in [e.name for e in view.elements]:
        return act(
            {"action_type": "extract"},
            {"action_type": "click", "element_id": view.find("Next")},
            extracted={"products": rows},
        )
    return act({"action_type": "extract"}, status="complete", extracted={"products": rows})


def merge(view: PromptView):
    saved_line = next(
        (line for line in view.prompt.splitlines() if line.startswith("DATA SAVED")), None
    )
    saved = json.loads(saved_line.split(": ", 1)[1]) if saved_line else []
    products = [p for chunk in saved for p in chunk["products"]]
    for row in rows_on(view):
        if row not in products:
            products.append(row)
    return {"output": {"products": products}}


def catalog_spec(fixture_server) -> TaskSpec:
    """Every product of the three-page table, with price and stock."""
    return TaskSpec(
        goal="List every product in the catalog",
        url=fixture_server.url("/table/"),
        extraction_goal="all products with price and stock",
        extraction_schema=SCHEMA,
    )


async def test_rows_from_every_page_are_merged_and_validated(fixture_server, provider, files_dir):
    spec = catalog_spec(fixture_server)
    llm = ScriptedLLM([page_step, page_step, page_step], extract=merge)
    result = await drive(provider, llm, spec, files_dir=files_dir)

    assert result.status == "completed", result.failure_reason
    products = result.output["products"]
    names = [p["name"] for p in products]
    assert names[:2] == ["Trail Backpack", "Camp Stove"]
    assert len(names) == len(set(names))
    assert len(products) >= 11  # page 1 alone has five rows; three pages in all
    assert {"name": "Camp Stove", "price": 34.5, "in_stock": False} in products
    # per-page data went into records and into the run's engine state
    saved = result.outcomes[1].engine_state["extractions"]
    assert len(saved) == 2
    assert llm.purposes == ["act", "act", "act", "verify", "extract"]


async def test_output_breaking_the_schema_twice_is_terminated_with_the_first_error(
    fixture_server, provider, files_dir
):
    spec = TaskSpec(
        goal="List the products on the first page",
        url=fixture_server.url("/table/"),
        extraction_schema=SCHEMA,
    )

    def prices_as_text(view: PromptView):
        rows = [{**r, "price": f"${r['price']:.2f}"} for r in rows_on(view)]
        return {"output": {"products": rows}}

    llm = ScriptedLLM([lambda v: act(status="complete")], extract=prices_as_text)
    result = await drive(provider, llm, spec, files_dir=files_dir)

    assert result.status == "terminated"
    assert result.failure_reason.startswith(
        "the output does not match the data_extraction_schema: "
        "$.products[0].price: '$59.00' is not of type 'number'"
    )
    assert result.output["products"][0]["name"] == "Trail Backpack"  # kept on failure
    assert llm.purposes == ["act", "verify", "extract", "extract"]
