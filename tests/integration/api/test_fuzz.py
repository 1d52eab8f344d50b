"""Random bodies, ids and keys against every POST route: never a 5xx, and 4xx whenever the
body does not satisfy the route's request model."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from stratus.contract.requests import RunTaskRequest, TotpPushRequest, V1TaskRequest, V2TaskRequest
from tests.integration.api.conftest import make_api

pytestmark = pytest.mark.integration

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(
        ["https://example.com", "ftp://x", "RESIDENTIAL", "skyvern-1.0", "agent", "", "tsk_1"]
    ),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
huge_strings = st.builds(lambda n, c: c * n, st.integers(10_000, 60_000), st.sampled_from("x€0"))


def bodies_for(model: type[BaseModel]) -> st.SearchStrategy[Any]:
    known = sorted(model.model_fields)
    field_values = st.one_of(json_values, huge_strings, st.just({"country": "US"}))
    shaped = st.dictionaries(
        st.one_of(st.sampled_from(known), st.text(max_size=12)), field_values, max_size=8
    )
    return st.one_of(json_values, shaped)


def is_valid(model: type[BaseModel], body: Any) -> bool:
    try:
        model.model_validate_json(json.dumps(body))
    except (ValidationError, ValueError):
        return False
    return True


@pytest.fixture(scope="module")
def fuzz_api(tmp_path_factory):
    return make_api(tmp_path_factory.mktemp("fuzz"))


ROUTES = [
    ("/api/v1/tasks", V1TaskRequest),
    ("/api/v2/tasks", V2TaskRequest),
    ("/v1/run/tasks", RunTaskRequest),
    ("/v1/credentials/totp", TotpPushRequest),
    ("/api/v1/totp", TotpPushRequest),
]


@pytest.mark.parametrize(("path", "model"), ROUTES, ids=[path for path, _ in ROUTES])
def test_random_bodies_never_break_a_create_route(fuzz_api, path, model):
    @FUZZ
    @given(body=bodies_for(model), key=st.sampled_from(["valid", "missing", "unknown"]))
    def check(body: Any, key: str) -> None:
        headers = {"valid": fuzz_api.headers, "missing": {}, "unknown": {"x-api-key": "sk-x"}}[key]
        response = fuzz_api.client.post(path, json=body, headers=headers)
        assert response.status_code < 500, response.text
        assert response.headers["content-type"].startswith("application/json")
        if key != "valid":
            assert response.status_code in (401, 403)
        elif not is_valid(model, body):
            assert 400 <= response.status_code < 500, (body, response.text)
        if response.status_code == 200:
            assert is_valid(model, body)

    check()


@FUZZ
@given(
    run_id=st.one_of(
        st.text(min_size=1, max_size=60), st.sampled_from(["tsk_1", "wr_0", "tsk_v2_9"])
    ),
    action=st.sampled_from(["cancel", "retry_webhook"]),
    body=st.one_of(st.none(), json_values),
    family=st.sampled_from(["/v1/runs", "/api/v1/tasks"]),
)
def test_random_ids_and_bodies_on_run_actions(fuzz_api, run_id, action, body, family):
    path = f"{family}/{quote(run_id, safe='')}/{action}"
    response = fuzz_api.client.post(path, json=body, headers=fuzz_api.headers)
    assert response.status_code < 500, response.text
    assert 400 <= response.status_code < 500


@FUZZ
@given(
    raw=st.binary(max_size=300),
    content_type=st.sampled_from(["application/json", "text/plain", "application/xml", ""]),
)
def test_raw_bytes_never_break_run_creation(fuzz_api, raw, content_type):
    headers = (
        {**fuzz_api.headers, "content-type": content_type} if content_type else fuzz_api.headers
    )
    response = fuzz_api.client.post("/v1/run/tasks", content=raw, headers=headers)
    assert response.status_code < 500, response.text
