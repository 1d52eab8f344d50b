"""Headers, extraction schemas, model options and JSON bounds refused at validation."""

import pytest
from pydantic import ValidationError

from stratus.contract.json_bounds import MAX_JSON_DEPTH, parse_json_text, text_depth
from stratus.contract.json_schemas import check_extraction_schema
from stratus.contract.requests import RunTaskRequest, V1TaskRequest, V2TaskRequest

pytestmark = pytest.mark.unit


def error_fields(model, body):
    with pytest.raises(ValidationError) as caught:
        model.model_validate(body)
    return {".".join(str(p) for p in error["loc"]) for error in caught.value.errors()}


@pytest.mark.parametrize(
    "headers",
    [
        {"X-A": "v\r\nInjected: 1"},
        {"X-A": "v\n"},
        {"X-A": "a\x00b"},
        {"X-A": "bell\x07"},
        {"X-A": "日本"},
        {"X-A": " padded"},
    ],
)
def test_header_values_that_could_split_a_request_are_refused(headers):
    assert error_fields(RunTaskRequest, {"prompt": "x", "extra_http_headers": headers}) == {
        "extra_http_headers.X-A"
    }


@pytest.mark.parametrize("name", ["X-A\r\nB", "X A", "X:A", "", "Ä"])
def test_header_names_must_be_tokens(name):
    fields = error_fields(RunTaskRequest, {"prompt": "x", "extra_http_headers": {name: "v"}})
    assert all(field.startswith("extra_http_headers") for field in fields)


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "evil.example"},
        {"content-length": "0"},
        {"x-a": "1", "X-A": "2"},
        {f"X-{i}": "v" for i in range(51)},
        {f"X-{i}": "v" * 8000 for i in range(5)},
    ],
)
def test_reserved_duplicate_too_many_or_too_large_headers_are_refused(headers):
    fields = error_fields(V1TaskRequest, {"url": "https://a.com", "extra_http_headers": headers})
    assert fields and all(field.startswith("extra_http_headers") for field in fields)


def test_ordinary_headers_pass_unchanged():
    headers = {"X-Token": "abc def", "Accept-Language": "fr-CH, fr;q=0.9", "X-Latin": "café"}
    body = V2TaskRequest.model_validate({"user_prompt": "x", "extra_http_headers": headers})
    assert body.extra_http_headers == headers


LOOP = {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "nonsense"},
        '{"type": "nonsense"}',
        LOOP,
        {"$ref": "#"},
        {"anyOf": [{"$ref": "#"}]},
        {"$ref": "#/$defs/missing"},
        {"$ref": "https://schemas.example.com/x.json"},
        {"$schema": "https://example.com/not-a-draft"},
        {"type": "object", "properties": {"a": {"pattern": "("}}},
        {"type": "object", "required": "a"},
        '{"type": "object"',
        "[" * 1000 + "]" * 1000,
        '{"a":' * 500 + "1" + "}" * 500,
        5,
        True,
    ],
)
def test_invalid_extraction_schemas_are_refused(schema):
    for model, body in (
        (RunTaskRequest, {"prompt": "x", "data_extraction_schema": schema}),
        (V1TaskRequest, {"url": "https://a.com", "extracted_information_schema": schema}),
        (V2TaskRequest, {"user_prompt": "x", "extracted_information_schema": schema}),
    ):
        fields = error_fields(model, body)
        assert fields == {next(k for k in body if k.endswith("schema"))}


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "properties": {"price": {"type": "number"}}},
        {"price": "the price in dollars"},
        {
            "$defs": {"node": {"type": "object", "properties": {"kids": {"items": {"$ref": "#"}}}}},
            "$ref": "#/$defs/node",
        },
        {"properties": {"$ref": {"type": "string"}}, "default": {"$ref": "not a reference"}},
        {"$schema": "http://json-schema.org/draft-07/schema#", "definitions": {"a": {}}},
        {"items": {"$ref": "#item"}, "$defs": {"i": {"$anchor": "item", "type": "string"}}},
        "the job titles",
        [{"name": "price"}],
    ],
)
def test_valid_schemas_and_descriptions_pass(schema):
    assert check_extraction_schema(schema) is not None


def test_depth_is_counted_without_parsing_and_ignores_brackets_in_strings():
    assert text_depth('{"a": "[[[[[[", "b": [1, {"c": "\\"]]"}]}') == 3
    assert text_depth("[" * 100_000) == 100_000
    with pytest.raises(ValueError, match=f"deeper than {MAX_JSON_DEPTH}"):
        parse_json_text("[" * 100_000 + "]" * 100_000)


@pytest.mark.parametrize(
    ("model", "field"),
    [({"model_name": {"a": 1}}, "model.model_name"), ({"name": 5}, "model.name"), ("gpt", "model")],
)
def test_a_model_name_that_is_not_text_is_refused(model, field):
    assert error_fields(RunTaskRequest, {"prompt": "x", "model": model}) == {field}


def test_model_options_are_echoed_as_given():
    body = RunTaskRequest.model_validate({"prompt": "x", "model": {"name": "m", "temperature": 0}})
    assert body.model_dump(mode="json")["model"] == {"name": "m", "temperature": 0}
