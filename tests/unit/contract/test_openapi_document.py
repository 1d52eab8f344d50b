"""The OpenAPI document states every error status of the table, with its body schema, the
URL rules, and closed lists of values where the server accepts only those."""

from dataclasses import dataclass

import pytest

from stratus.api.app import create_app
from stratus.api.error_statuses import ROUTE_ERRORS, RUN_CREATION_ROUTES
from stratus.config import Settings
from stratus.contract.artifacts import ArtifactType
from stratus.contract.urls import HTTP_URL_PATTERN, MAX_URL_CHARS

pytestmark = pytest.mark.unit


@dataclass
class SettingsOnly:
    settings: Settings


@pytest.fixture(scope="module")
def document():
    return create_app(SettingsOnly(Settings())).openapi()


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield (method.upper(), path), operation


def test_every_operation_lists_exactly_its_row_of_the_table(document):
    seen = set()
    for key, operation in operations(document):
        seen.add(key)
        errors = {int(code) for code in operation["responses"] if not code.startswith("2")}
        assert errors == ROUTE_ERRORS[key], key
    assert seen == set(ROUTE_ERRORS)


def test_error_responses_carry_the_detail_body(document):
    schemas = document["components"]["schemas"]
    for key, operation in operations(document):
        for code, response in operation["responses"].items():
            if code.startswith("2"):
                continue
            ref = response["content"]["application/json"]["schema"]["$ref"]
            schema = schemas[ref.rsplit("/", 1)[-1]]
            assert "detail" in schema["required"], (key, code)
    assert schemas["ValidationErrorBody"]["properties"]["detail"]["type"] == "array"


def test_run_creation_routes_declare_429_with_retry_after(document):
    assert {
        ("POST", "/api/v1/tasks"),
        ("POST", "/api/v2/tasks"),
        ("POST", "/v1/run/tasks"),
    } == RUN_CREATION_ROUTES
    for method, path in RUN_CREATION_ROUTES:
        limited = document["paths"][path][method.lower()]["responses"]["429"]
        assert "Retry-After" in limited["headers"]


def test_url_fields_state_their_rules(document):
    url = document["components"]["schemas"]["V1TaskRequest"]["properties"]["url"]
    assert url["maxLength"] == MAX_URL_CHARS
    assert url["pattern"] == HTTP_URL_PATTERN
    assert url["format"] == "iri"


def test_artifact_type_accepts_only_listed_values(document):
    parameters = document["paths"]["/v1/runs/{run_id}/artifacts"]["get"]["parameters"]
    query = next(p for p in parameters if p["name"] == "artifact_type")
    items = query["schema"]["items"]
    enum = document["components"]["schemas"][items["$ref"].rsplit("/", 1)[-1]]["enum"]
    assert set(enum) == {member.value for member in ArtifactType}


def test_optional_headers_are_never_null(document):
    parameters = document["paths"]["/v1/run/tasks"]["post"]["parameters"]
    override = next(p for p in parameters if p["name"] == "x-max-steps-override")
    assert override["schema"]["type"] == "integer"
