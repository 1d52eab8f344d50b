"""The built-in planner's generic rules on development pages (tests/fixtures/sites/planner):
intro pages, free phrases, custom widgets, iframes, saved steps, card grids, label/value
documents, limits, and the runs it must hand over."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stratus.domain.status import RunStatus
from stratus.planner.engine import BuiltinPlanner
from tests.fixtures.heldout2.server import Heldout2Server
from tests.integration.planner.harness import drive, make_run

pytestmark = pytest.mark.integration

PAGES = Path(__file__).parents[2] / "fixtures/sites/planner"


@pytest.fixture(scope="module")
def site() -> Iterator[Heldout2Server]:
    with Heldout2Server(PAGES) as server:
        yield server


async def run_on(site: Heldout2Server, browser, tmp_path, page: str, goal: str, **spec: Any):
    site.posts.clear()
    run = make_run(goal, site.url(page), **spec)
    return (await drive(BuiltinPlanner(), run, browser, str(tmp_path))).run


async def test_an_intro_page_is_passed_and_phrases_pick_options(browser, site, tmp_path) -> None:
    goal = (
        "Apply for a library card. Name: Iris West, Household size: we are 3, "
        "Card type: the digital one"
    )
    run = await run_on(site, browser, tmp_path, "intro_wizard.html", goal)
    assert run.status is RunStatus.completed, run.failure_reason
    assert dict(site.posts[-1]) == {"reader": "Iris West", "household": "2-4", "ctype": "dig"}


async def test_custom_listbox_rich_editor_and_placeholders(browser, site, tmp_path) -> None:
    goal = (
        "File a bug. Severity: Blocker, Steps to reproduce: Open settings then press save twice, "
        "Departure city: Oslo, Arrival city: Rome"
    )
    run = await run_on(site, browser, tmp_path, "widgets_form.html", goal)
    assert run.status is RunStatus.completed, run.failure_reason
    assert dict(site.posts[-1]) == {
        "severity": "blocker",
        "steps": "Open settings then press save twice",
        "from_city": "Oslo",
        "to_city": "Rome",
    }


async def test_a_form_in_an_iframe_and_its_confirmation(browser, site, tmp_path) -> None:
    goal = "Sign up to volunteer. Name: Ada Byron, Email: ada@example.org"
    run = await run_on(site, browser, tmp_path, "framed.html", goal)
    assert run.status is RunStatus.completed, run.failure_reason
    assert dict(site.posts[-1]) == {"vname": "Ada Byron", "vmail": "ada@example.org"}


async def test_a_saved_step_ends_the_run_before_paying(browser, site, tmp_path) -> None:
    goal = "Save my traveller details. Traveller name: Ana Silva, Passport number: X1234567"
    run = await run_on(site, browser, tmp_path, "saved_step.html", goal)
    assert run.status is RunStatus.completed, run.failure_reason
    assert site.posts == [[("traveller", "Ana Silva"), ("passport", "X1234567")]]


async def test_a_form_that_comes_back_the_same_is_no_success(browser, site, tmp_path) -> None:
    goal = "Suggest a book. Book title: Middlemarch, Published on: 1871-12-01"
    run = await run_on(site, browser, tmp_path, "comes_back.html", goal)
    assert run.status is RunStatus.terminated
    assert "language model" in run.failure_reason and "came back" in run.failure_reason
    assert dict(site.posts[0]) == {"book": "Middlemarch", "published": "1871-12-01"}


async def test_cards_under_several_headers_are_one_list(browser, site, tmp_path) -> None:
    schema = {
        "type": "object",
        "properties": {
            "seeds": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "price": {"type": "number", "description": "cost"},
                        "days_to_harvest": {"type": "integer"},
                    },
                },
            }
        },
    }
    run = await run_on(
        site, browser, tmp_path, "catalogue.html", "Extract the seeds", schema=schema
    )
    assert run.status is RunStatus.completed, run.failure_reason
    assert [(s["name"], s["price"], s["days_to_harvest"]) for s in run.output["seeds"]] == [
        ("Gardener's Delight", 2.4, 60),
        ("San Marzano", 2.9, 80),
        ("Cobra", 2.1, 70),
        ("Borlotto", 2.5, 90),
        ("Blue Lake", 1.95, 65),
    ]


async def test_label_values_typed_and_rows_capped(browser, site, tmp_path) -> None:
    line = {
        "code": {"type": "string"},
        "quantity": {"type": "integer"},
        "amount": {"type": "number", "description": "amount charged (Amt)"},
    }
    schema = {
        "type": "object",
        "properties": {
            "order_id": {"type": "string", "description": "order"},
            "ordered_on": {"type": "string", "format": "date"},
            "amount_paid": {"type": "number"},
            "lines": {"type": "array", "maxItems": 2, "items": {"properties": line}},
        },
    }
    run = await run_on(
        site, browser, tmp_path, "receipt.html", "Extract the receipt", schema=schema
    )
    assert run.status is RunStatus.completed, run.failure_reason
    assert run.output == {
        "order_id": "R-7781",
        "ordered_on": "2026-01-03",
        "amount_paid": 41.75,
        "lines": [
            {"code": "A-1", "quantity": 1, "amount": 10.0},
            {"code": "B-2", "quantity": 2, "amount": 31.75},
        ],
    }


async def test_a_property_the_page_lacks_hands_over(browser, site, tmp_path) -> None:
    schema = {"type": "array", "items": {"properties": {"code": {}, "colour": {}}}}
    run = await run_on(site, browser, tmp_path, "receipt.html", "Extract the lines", schema=schema)
    assert run.status is RunStatus.terminated
    assert "colour" in run.failure_reason and "language model" in run.failure_reason


@pytest.mark.parametrize(
    ("goal", "status", "sent"),
    [
        (
            "Claim the discount. Name: Kim Ode. Try kim@mailbox.example first; if the site "
            "rejects it, use kim@campus.edu.example.",
            RunStatus.completed,
            [[("student", "Kim Ode"), ("smail", "kim@campus.edu.example")]],
        ),
        ("Claim the discount. Name: Kim Ode, Email: kim@mailbox.example", RunStatus.terminated, []),
    ],
    ids=["second-choice", "no-second-choice"],
)
async def test_a_refused_value_gives_way_to_the_goals_second_choice(
    browser, site, tmp_path, goal: str, status: RunStatus, sent: list
) -> None:
    run = await run_on(site, browser, tmp_path, "student_form.html", goal)
    assert run.status is status, run.failure_reason
    assert site.posts == sent


async def test_a_field_that_will_not_take_the_value_hands_over(browser, site, tmp_path) -> None:
    run = await run_on(site, browser, tmp_path, "refuses_typing.html", "Card code: GIFT-2211")
    assert run.status is RunStatus.terminated
    assert run.failure_reason.startswith("this goal needs a language model: input_text failed")
    assert site.posts == []
