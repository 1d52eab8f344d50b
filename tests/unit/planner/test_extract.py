import pytest

from stratus.planner.extract import (
    best_rows,
    coerce,
    fill_scalars,
    label_values,
    merge_rows,
    schemaless_output,
    shape_output,
)
from stratus.planner.schema import schema_shape
from tests.support.schemas import rows_schema

pytestmark = pytest.mark.unit

PRODUCTS_SCHEMA = rows_schema(
    "products", {"name": "string", "price": "number", "in_stock": "boolean", "sku": "string"}
)


def test_schema_shapes() -> None:
    shape = schema_shape(PRODUCTS_SCHEMA)
    assert shape is not None and shape.rows_key == "products"
    assert [(p.name, p.type) for p in shape.item][:2] == [("name", "string"), ("price", "number")]
    example = schema_shape({"items": [{"title": "string", "count": 0}], "page": "string"})
    assert example is not None and example.rows_key == "items"
    assert [p.type for p in example.item] == ["string", "integer"]
    assert schema_shape("not json") is None
    top = schema_shape({"type": "array", "items": {"properties": {"a": {"type": "string"}}}})
    assert top is not None and top.is_list


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("$1,299.00", "number", 1299.0),
        ("12 units", "integer", 12),
        ("4.5 out of 5", "number", 4.5),
        ("In stock", "boolean", True),
        ("No", "boolean", False),
        ("n/a", "number", None),
        ("  Blue  widget ", "string", "Blue widget"),
    ],
)
def test_coerce(text: str, kind: str, value: object) -> None:
    assert coerce(text, kind) == value


def test_table_header_mapping_and_typing() -> None:
    shape = schema_shape(PRODUCTS_SCHEMA)
    assert shape is not None
    reading = {
        "tables": [
            {"header": ["Menu"], "rows": [["Home"]]},
            {
                "header": ["Product name", "SKU", "Price (USD)", "In stock?"],
                "rows": [["Widget", "W-1", "$9.50", "Yes"], ["Gadget", "G-2", "$12", "No"]],
            },
        ]
    }
    rows = best_rows(reading, shape.item)
    assert rows == [
        {"name": "Widget", "price": 9.5, "in_stock": True, "sku": "W-1"},
        {"name": "Gadget", "price": 12, "in_stock": False, "sku": "G-2"},
    ]
    assert shape_output(shape, rows, {}) == {"products": rows}


def test_headerless_table_uses_first_row_when_it_names_properties() -> None:
    shape = schema_shape(PRODUCTS_SCHEMA)
    assert shape is not None
    reading = {"tables": [{"header": None, "rows": [["Name", "Price"], ["Widget", "3"]]}]}
    assert best_rows(reading, shape.item) == [
        {"name": "Widget", "price": 3, "in_stock": None, "sku": None}
    ]


def test_cards_by_class_hints_and_label_text() -> None:
    shape = schema_shape(PRODUCTS_SCHEMA)
    assert shape is not None
    card = lambda n, p: {  # noqa: E731
        "fields": [
            {"hint": "card-title", "text": n},
            {"hint": "meta", "text": f"Price: {p}"},
        ]
    }
    reading = {"groups": [{"items": [card("Widget", "$5"), card("Gadget", "$7.25")]}]}
    rows = best_rows(reading, shape.item)
    assert [(r["name"], r["price"]) for r in rows] == [("Widget", 5), ("Gadget", 7.25)]


def test_scalars_from_pairs_and_text() -> None:
    reading = {
        "pairs": [["Order number", "A-17"]],
        "tables": [{"keyed": True, "rows": [["Total", "$30"]]}],
    }
    pairs = label_values(reading, "Status: Shipped\nother line")
    shape = schema_shape(
        {"properties": {"order_number": {}, "total": {"type": "number"}, "status": {}, "eta": {}}}
    )
    assert shape is not None
    assert fill_scalars(shape.scalars, pairs) == {
        "order_number": "A-17",
        "total": 30,
        "status": "Shipped",
        "eta": None,
    }


def test_schemaless_and_merge() -> None:
    reading = {"tables": [{"header": ["Name", "Unit price"], "rows": [["A", "1"], ["B", "2"]]}]}
    assert schemaless_output(reading) == {
        "items": [{"name": "A", "unit_price": "1"}, {"name": "B", "unit_price": "2"}]
    }
    assert merge_rows([{"a": 1}], [{"a": 1}, {"a": 2}]) == [{"a": 1}, {"a": 2}]
