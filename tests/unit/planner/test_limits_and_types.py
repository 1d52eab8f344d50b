import pytest

from stratus.planner.dates import iso_date
from stratus.planner.extract import cap_rows, map_columns, merged_groups, typed_value
from stratus.planner.goals import row_limit
from stratus.planner.schema import Property, schema_shape

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("goal", "limit"),
    [("Get the top 3 posts", 3), ("the first five results", 5), ("Extract all rows", None)],
)
def test_row_limit_from_the_goal(goal: str, limit: int | None) -> None:
    assert row_limit(goal) == limit


def test_rows_are_cut_to_the_fewest_of_goal_and_max_items() -> None:
    shape = schema_shape(
        {
            "type": "object",
            "properties": {
                "r": {"type": "array", "maxItems": 2, "items": {"properties": {"a": {}}}}
            },
        }
    )
    output = {"r": [{"a": 1}, {"a": 2}, {"a": 3}]}
    assert cap_rows(shape, output, None) == {"r": [{"a": 1}, {"a": 2}]}
    assert cap_rows(shape, output, 1) == {"r": [{"a": 1}]}
    assert cap_rows(None, [1, 2, 3], 2) == [1, 2]


@pytest.mark.parametrize(
    ("text", "iso"),
    [("14 March 2026", "2026-03-14"), ("Mar 3rd, 2026", "2026-03-03"), ("soon", None)],
)
def test_dates_for_people_as_iso(text: str, iso: str | None) -> None:
    assert iso_date(text) == iso


def test_a_date_format_property_is_kept_in_the_shape() -> None:
    shape = schema_shape({"type": "object", "properties": {"d": {"format": "date"}}})
    assert shape is not None and shape.scalars[0].format == "date"


def test_alike_groups_merge_into_one_list() -> None:
    card = {"fields": [{"text": "x"}, {"text": "y"}]}
    groups = [
        {"sig": "DIV.card", "items": [card, card]},
        {"sig": "DIV.card", "items": [card]},
        {"sig": "LI.", "items": [card, card]},
    ]
    assert [len(g["items"]) for g in merged_groups(groups)] == [3]


def test_a_header_goes_to_the_closer_of_two_properties_of_one_concept() -> None:
    props = [Property("amount", "number"), Property("quantity", "integer")]
    assert map_columns(props, ["Qty", "Amount"]) == {"amount": 1, "quantity": 0}
    described = [Property("change", "number", "daily change (Chg %)")]
    assert map_columns(described, ["Ticker", "Chg %"]) == {"change": 1}


def test_a_date_property_takes_no_text_that_is_not_a_date() -> None:
    prop = Property("due", "string", "", "date")
    assert typed_value("1 May 2026", prop) == "2026-05-01"
    assert typed_value("£12.00", prop) is None
