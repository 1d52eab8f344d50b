"""The built-in planner on the shared fixture sites: job application, error page, table."""

from __future__ import annotations

import pytest

from stratus.domain.status import RunStatus
from stratus.planner.engine import BuiltinPlanner
from tests.integration.planner.harness import drive, make_run
from tests.support.schemas import rows_schema

pytestmark = pytest.mark.integration

JOB_GOAL = (
    "Apply for the Data Analyst job. Name: Chris P. Bacon, Email: chris@pbacon.com, "
    "Country: Canada, Authorized to work: yes. Upload resume.pdf and submit."
)
PRODUCTS_SCHEMA = rows_schema("products", {"name": "string", "price": "number", "stock": "integer"})
# "Out of stock" has no count: the schema says so, or the run could not keep its promise
PRODUCTS_SCHEMA["properties"]["products"]["items"]["properties"]["stock"]["type"] = [
    "integer",
    "null",
]


async def test_job_application_with_upload(browser, fixture_server, tmp_path) -> None:
    (tmp_path / "resume.pdf").write_bytes(b"%PDF-1.4 resume")
    run = make_run(JOB_GOAL, fixture_server.url("/job/"))
    driven = await drive(BuiltinPlanner(), run, browser, str(tmp_path))
    assert driven.run.status is RunStatus.completed, driven.run.failure_reason
    assert driven.run.output == {"message": "Application received"}
    typed = {
        a.params["target"]["name"]: a.params.get("text")
        for o in driven.outcomes
        for a in o.actions
        if a.action_type == "input_text"
    }
    assert typed["First name *"] == "Chris" and typed["Last name *"] == "Bacon"
    uploads = [a for o in driven.outcomes for a in o.actions if a.action_type == "upload_file"]
    assert [a.params["file"] for a in uploads] == ["resume.pdf"]
    assert driven.model_calls == 0


async def test_job_application_without_needed_facts_hands_over(
    browser, fixture_server, tmp_path
) -> None:
    run = make_run(
        "Apply for the job as Chris P. Bacon, chris@pbacon.com", fixture_server.url("/job/")
    )
    driven = await drive(BuiltinPlanner(), run, browser, str(tmp_path))
    assert driven.run.status is RunStatus.terminated
    assert driven.run.failure_reason.startswith("this goal needs a language model")
    assert "Country" in driven.run.failure_reason


@pytest.mark.parametrize(
    ("quantity", "status", "text"),
    [
        ("250", RunStatus.terminated, "Quantity must be a whole number from 1 to 100."),
        ("20", RunStatus.completed, None),
    ],
)
async def test_error_page(browser, fixture_server, tmp_path, quantity, status, text) -> None:
    run = make_run(f"Order paper. Quantity: {quantity}", fixture_server.url("/error/"))
    driven = await drive(BuiltinPlanner(), run, browser, str(tmp_path))
    assert driven.run.status is status, driven.run.failure_reason
    if text:
        assert driven.run.failure_reason == text
    else:
        assert driven.run.output == {"message": "Form received"}


async def test_server_side_error(browser, fixture_server, tmp_path) -> None:
    run = make_run("Get a shipping estimate. ZIP code: 9021", fixture_server.url("/error/zip.html"))
    driven = await drive(BuiltinPlanner(), run, browser, str(tmp_path))
    assert driven.run.status is RunStatus.terminated
    assert driven.run.failure_reason == "Please enter a valid 5-digit ZIP code."


async def test_paginated_table_into_schema(browser, fixture_server, tmp_path) -> None:
    run = make_run("Extract all products", fixture_server.url("/table/"), schema=PRODUCTS_SCHEMA)
    driven = await drive(BuiltinPlanner(), run, browser, str(tmp_path))
    assert driven.run.status is RunStatus.completed, driven.run.failure_reason
    products = driven.run.output["products"]
    assert products[0] == {"name": "Trail Backpack", "price": 59.0, "stock": 12}
    assert products[1] == {"name": "Camp Stove", "price": 34.5, "stock": None}
    assert len(products) > 5  # rows from the pages behind Next
    assert len({p["name"] for p in products}) == len(products)


@pytest.mark.parametrize(
    "goal",
    ["Buy the cheapest backpack", "Log in and find my last invoice", "Compare the two plans"],
)
async def test_goals_beyond_the_planner(browser, fixture_server, tmp_path, goal) -> None:
    run = make_run(goal, fixture_server.url("/table/"))
    driven = await drive(BuiltinPlanner(), run, browser, str(tmp_path))
    assert driven.run.status is RunStatus.terminated
    assert driven.run.failure_reason.startswith("this goal needs a language model")


async def test_a_submit_that_goes_nowhere_is_not_called_a_success(
    browser, fixture_server, tmp_path
) -> None:
    goal = "Sign up for the newsletter. Name: Chris P. Bacon, Email: chris@pbacon.com"
    run = make_run(goal, fixture_server.url("/stuck/"))
    driven = await drive(BuiltinPlanner(), run, browser, str(tmp_path))
    assert driven.run.status is RunStatus.terminated
    assert "neither moved on nor shows a confirmation" in driven.run.failure_reason


# the README's "top 3 posts" request, with the promise a client would write down
TOP_POSTS_SCHEMA = {
    "type": "array",
    "maxItems": 3,
    "items": {
        "type": "object",
        "properties": {"title": {"type": "string"}, "points": {"type": "integer"}},
        "required": ["title", "points"],
    },
}


async def test_output_breaking_the_schema_does_not_complete(
    browser, fixture_server, tmp_path
) -> None:
    run = make_run(
        "Find the top 3 posts and return title and points",
        fixture_server.url("/posts/"),
        schema=TOP_POSTS_SCHEMA,
    )
    driven = await drive(BuiltinPlanner(), run, browser, str(tmp_path))
    assert driven.run.status is RunStatus.terminated, driven.run.output
    assert driven.run.failure_reason.startswith(
        "the output does not match the data_extraction_schema: "
    )
    reasons = [e["reasoning"] for e in driven.errors]
    assert len(driven.run.output) == 3  # the planner keeps the rows to the schema's maxItems
    assert "$[0].points: None is not of type 'integer'" in reasons
    assert {e["error_code"] for e in driven.errors} == {"output_schema_mismatch"}
    assert driven.run.output[0] == {"title": "1.", "points": None}  # kept for the client
