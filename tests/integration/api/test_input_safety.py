"""Input that would break a run later is refused at creation, naming the field; JSON nested
too deep is a 4xx on every route that takes a body, never a 500."""

from __future__ import annotations

import pytest

from stratus.contract.json_bounds import MAX_BODY_DEPTH

pytestmark = pytest.mark.integration

CREATE_ROUTES = {
    "/v1/run/tasks": ({"prompt": "x"}, "data_extraction_schema"),
    "/api/v1/tasks": ({"url": "https://example.com"}, "extracted_information_schema"),
    "/api/v2/tasks": ({"user_prompt": "x"}, "extracted_information_schema"),
}
BODY_ROUTES = [
    *CREATE_ROUTES,
    "/v1/credentials/totp",
    "/api/v1/totp",
    "/v1/browser_sessions",
    "/v1/runs/tsk_1/retry_webhook",
    "/api/v1/tasks/tsk_1/retry_webhook",
]


def refused_fields(response) -> list[str]:
    assert response.status_code == 422, response.text
    return [error["field"] for error in response.json()["detail"]]


@pytest.mark.parametrize("path", list(CREATE_ROUTES))
@pytest.mark.parametrize(
    ("headers", "field"),
    [
        ({"X-A": "v\r\nInjected: yes"}, "extra_http_headers.X-A"),
        ({"X-A": "v\x00"}, "extra_http_headers.X-A"),
        ({"X-A\r\nB": "v"}, "extra_http_headers.X-A\r\nB"),
        ({"Transfer-Encoding": "chunked"}, "extra_http_headers.Transfer-Encoding"),
    ],
)
def test_header_injection_is_refused_naming_the_header(api, path, headers, field):
    base, _ = CREATE_ROUTES[path]
    response = api.post(path, {**base, "extra_http_headers": headers})
    assert field in refused_fields(response)
    assert not api.orchestrator.started


@pytest.mark.parametrize("path", list(CREATE_ROUTES))
@pytest.mark.parametrize(
    "schema",
    [
        {"type": "nonsense"},
        '{"type": "nonsense"}',
        {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"},
        {"$ref": "#/$defs/nowhere"},
        "[" * 1000 + "]" * 1000,
    ],
)
def test_invalid_schemas_are_refused_naming_the_field(api, path, schema):
    base, field = CREATE_ROUTES[path]
    response = api.post(path, {**base, field: schema})
    assert refused_fields(response) == [field]


@pytest.mark.parametrize("path", list(CREATE_ROUTES))
def test_a_model_name_given_as_an_object_is_refused(api, path):
    base, _ = CREATE_ROUTES[path]
    response = api.post(path, {**base, "model": {"model_name": {"provider": "x"}}})
    assert refused_fields(response) == ["model.model_name"]


@pytest.mark.parametrize("path", BODY_ROUTES)
@pytest.mark.parametrize("depth", [MAX_BODY_DEPTH + 1, 1_000, 100_000])
def test_a_body_nested_too_deep_is_a_4xx_naming_the_body(api, path, depth):
    raw = '{"prompt": "x", "padding": ' + "[" * depth + "]" * depth + "}"
    response = api.client.post(
        path, content=raw, headers={**api.headers, "content-type": "application/json"}
    )
    assert refused_fields(response) == ["body"]
    assert str(MAX_BODY_DEPTH) in response.json()["detail"][0]["msg"]


def test_brackets_inside_strings_do_not_count_as_nesting(api):
    response = api.post("/v1/run/tasks", {"prompt": "[" * 5_000 + "{" * 5_000})
    assert response.status_code == 200, response.text


def test_an_unlisted_artifact_type_is_refused_naming_it(api):
    run_id = api.post("/v1/run/tasks", {"prompt": "x"}).json()["run_id"]
    listed = api.get(f"/v1/runs/{run_id}/artifacts", artifact_type="screenshot_action")
    assert listed.status_code == 200
    response = api.get(f"/v1/runs/{run_id}/artifacts", artifact_type="nonsense")
    assert refused_fields(response) == ["artifact_type"]
