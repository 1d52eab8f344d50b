import pytest

from stratus.domain.snapshot import ElementInfo, PageSnapshot
from stratus.planner.checks import empty_properties, unused_facts
from stratus.planner.form_plan import unfilled_required
from stratus.planner.schema import schema_shape

pytestmark = pytest.mark.unit

ROWS_SCHEMA = {
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "items": {
            "type": "array",
            "items": {"type": "object", "properties": {"a": {}, "b": {}}},
        },
    },
}


def test_a_fact_no_field_took_is_unused() -> None:
    facts = {"Email": "a@b.c", "Fax": "555"}
    assert unused_facts(facts, ["Email"]) == ["Fax"]


def test_halves_and_whole_names_count_as_used() -> None:
    assert unused_facts({"first name": "A", "last name": "B"}, ["full name"]) == []
    assert unused_facts({"name": "A B"}, ["first name", "last name"]) == []


def test_a_column_null_in_every_row_is_empty() -> None:
    shape = schema_shape(ROWS_SCHEMA)
    output = {"title": "T", "items": [{"a": 1, "b": None}, {"a": 2, "b": None}]}
    assert empty_properties(shape, output) == ["items.b"]


def test_a_column_with_some_values_is_not_empty() -> None:
    shape = schema_shape(ROWS_SCHEMA)
    output = {"title": "T", "items": [{"a": 1, "b": None}, {"a": 2, "b": 3}]}
    assert empty_properties(shape, output) == []


def test_null_scalars_and_missing_rows_are_empty() -> None:
    shape = schema_shape(ROWS_SCHEMA)
    assert empty_properties(shape, {"title": None, "items": []}) == ["title", "items"]


def test_a_list_schema_names_the_empty_column() -> None:
    shape = schema_shape({"type": "array", "items": {"properties": {"x": {}, "y": {}}}})
    assert empty_properties(shape, [{"x": 1, "y": None}]) == ["y"]


def test_a_star_in_the_label_makes_a_field_required() -> None:
    page = PageSnapshot(
        url="http://site.test/",
        elements=[
            ElementInfo(id="e1", tag="input", type="text", name="Account number *"),
            ElementInfo(id="e2", tag="input", type="text", name="Notes"),
        ],
    )
    assert [e.id for e in unfilled_required(page)] == ["e1"]


def test_a_required_radio_group_with_nothing_checked_is_unfilled() -> None:
    radios = [
        ElementInfo(id=f"e{i}", tag="input", type="radio", group="size", required=True)
        for i in (1, 2)
    ]
    assert [e.id for e in unfilled_required(PageSnapshot(url="u", elements=radios))] == ["e1"]
    radios[1] = radios[1].model_copy(update={"checked": True})
    assert unfilled_required(PageSnapshot(url="u", elements=radios)) == []
