from pathlib import Path

import pytest

from stratus.domain.snapshot import ElementInfo, PageSnapshot, SelectOption
from stratus.planner.form_plan import advance_button, plan_form, unfilled_required
from stratus.planner.matching import collect_fields, match_fields

pytestmark = pytest.mark.unit


def el(id_: str, tag: str = "input", **kw) -> ElementInfo:
    return ElementInfo(id=id_, tag=tag, **kw)


def job_page() -> PageSnapshot:
    return PageSnapshot(
        url="http://site.test/apply",
        elements=[
            el("e1", type="text", role="textbox", name="First name", attrs={"name": "fname"}),
            el("e2", type="text", role="textbox", name="Last name", attrs={"name": "lname"}),
            el(
                "e3",
                type="email",
                role="textbox",
                name="",
                attrs={"placeholder": "you@example.com"},
            ),
            el("e4", type="text", role="textbox", name="Company name"),
            el(
                "e5",
                tag="select",
                role="combobox",
                name="Country",
                options=[
                    SelectOption(value="", text="Choose one", selected=True),
                    SelectOption(value="ca", text="Canada"),
                    SelectOption(value="us", text="United States"),
                ],
            ),
            el("r1", type="radio", role="radio", name="Yes", group="Willing to relocate?"),
            el("r2", type="radio", role="radio", name="No", group="Willing to relocate?"),
            el("c1", type="checkbox", role="checkbox", name="Python", group="Skills"),
            el("c2", type="checkbox", role="checkbox", name="SQL", group="Skills"),
            el("c3", type="checkbox", role="checkbox", name="Go", group="Skills"),
            el("c4", type="checkbox", role="checkbox", name="I agree to the terms", required=True),
            el("f1", type="file", name="Resume / CV"),
            el("b0", tag="button", role="button", name="Back"),
            el("b1", tag="button", role="button", name="Next step", type="submit"),
        ],
    )


def test_full_name_is_split_and_email_goes_by_input_type() -> None:
    facts = {"Name": "Chris P. Bacon", "contact": "chris@pbacon.com"}
    matches = {
        m.field.element.id: m.value
        for m in match_fields(collect_fields(job_page().elements), facts)
    }
    assert matches == {"e1": "Chris", "e2": "Bacon", "e3": "chris@pbacon.com"}


def test_company_name_does_not_take_the_person_name() -> None:
    facts = {"Name": "Chris P. Bacon", "Employer": "Acme"}
    matches = {
        m.field.element.id: m.value
        for m in match_fields(collect_fields(job_page().elements), facts)
    }
    assert matches["e4"] == "Acme"


def test_plan_fills_options_files_consent_and_picks_next() -> None:
    facts = {
        "first name": "Ann",
        "surname": "Lee",
        "email": "ann@lee.io",
        "country": "united states",
        "relocate": "no",
        "skills": "Python and Go",
    }
    plan = plan_form(job_page(), facts, {"cv.pdf": Path("cv.pdf")})
    dumped = [a.model_dump(exclude={"reasoning"}) for a in plan.actions]
    assert {"action_type": "input_text", "element_id": "e2", "text": "Lee"} in dumped
    assert {"action_type": "select_option", "element_id": "e5", "option": "us"} in dumped
    assert {"action_type": "click", "element_id": "r2"} in dumped
    checked = {a["element_id"] for a in dumped if a["action_type"] == "checkbox" and a["checked"]}
    assert checked == {"c1", "c3", "c4"}
    assert {"action_type": "upload_file", "element_id": "f1", "file": "cv.pdf"} in dumped
    assert plan.advance is not None and plan.advance.id == "b1"


def test_nothing_matches_unrelated_facts() -> None:
    plan = plan_form(job_page(), {"favourite colour": "blue"})
    assert not [a for a in plan.actions if a.action_type != "checkbox"]


def test_advance_button_prefers_submit_and_skips_cancel() -> None:
    page = PageSnapshot(
        url="u",
        elements=[
            el("a", tag="button", role="button", name="Cancel"),
            el("b", tag="button", role="button", name="Continue"),
            el("c", tag="input", type="submit", role="button", value="Submit application"),
        ],
    )
    chosen = advance_button(page)
    assert chosen is not None and chosen.id == "c"


def test_unfilled_required() -> None:
    page = PageSnapshot(
        url="u",
        elements=[el("a", required=True, value=""), el("b", required=True, value="x")],
    )
    assert [e.id for e in unfilled_required(page)] == ["a"]


def test_a_fact_that_fits_no_option_leaves_the_group_to_another_fact() -> None:
    page = PageSnapshot(
        url="u",
        elements=[
            el("r1", type="radio", name="Yes", group="Are you authorized to work in the country?"),
            el("r2", type="radio", name="No", group="Are you authorized to work in the country?"),
        ],
    )
    facts = {"Country": "Canada", "Authorized to work": "yes"}
    [match] = match_fields(collect_fields(page.elements), facts)
    assert (match.fact_key, match.value) == ("Authorized to work", "yes")


def test_a_select_is_never_planned_onto_a_disabled_option():
    store = el(
        "s1",
        tag="select",
        role="combobox",
        name="Pick-up store",
        options=[
            SelectOption(value="sf-old", text="San Francisco", disabled=True),
            SelectOption(value="oak", text="Oakland", selected=True),
            SelectOption(value="sf-new", text="San Francisco (Mission St)"),
        ],
    )
    page = PageSnapshot(url="http://site.test/order", elements=[store])
    plan = plan_form(page, {"pick-up store": "San Francisco"})
    assert [(a.action_type, a.option) for a in plan.actions] == [("select_option", "sf-new")]


def test_a_list_item_no_checkbox_fits_is_reported() -> None:
    boxes = [
        el(f"e{i}", type="checkbox", role="checkbox", name=name, group="Toppings")
        for i, name in enumerate(["Cheese", "Olives", "Basil"], start=1)
    ]
    plan = plan_form(PageSnapshot(url="u", elements=boxes), {"toppings": "Olives, Anchovies"})
    assert plan.unplaced == ["'Anchovies' in Toppings"]
    assert [a.element_id for a in plan.actions] == ["e2"]


def test_prose_goes_to_the_only_free_text_box() -> None:
    page = PageSnapshot(
        url="u",
        elements=[
            el("e1", type="text", role="textbox", name="Name"),
            el("e2", tag="textarea", role="textbox", name="How was your stay?"),
        ],
    )
    facts = {"Name": "Al", "Comments": "The room was quiet and warm"}
    plan = plan_form(page, facts)
    assert [(a.element_id, a.text) for a in plan.actions] == [
        ("e1", "Al"),
        ("e2", "The room was quiet and warm"),
    ]
    assert set(plan.filled) == {"Name", "Comments"}
    two_boxes = page.model_copy(update={"elements": [*page.elements, el("e3", tag="textarea")]})
    assert len(plan_form(two_boxes, facts).actions) == 1
