"""A schema-driven fuzz run over our own OpenAPI document, in-process over ASGI: requests
generated from every operation's parameters and body, valid and invalid, never get a 5xx,
and every 2xx body conforms to the documented response schema."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests.integration.api.conftest import Api, make_api
from tests.support.openapi_fuzz import Seeded, documented_operations, seed, steer

pytestmark = pytest.mark.integration

CHECKS = [not_a_server_error, response_schema_conformance]
EXAMPLES = {GenerationMode.POSITIVE: 30, GenerationMode.NEGATIVE: 20}


@pytest.fixture(scope="module")
def fuzz_api(tmp_path_factory) -> Api:
    return make_api(tmp_path_factory.mktemp("openapi-fuzz"))


@pytest.fixture(scope="module")
def seeded(fuzz_api) -> Seeded:
    return seed(fuzz_api)


@pytest.fixture(scope="module")
def api_schema(fuzz_api) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_api.client.app)


OPERATIONS = documented_operations()


@pytest.mark.parametrize("mode", list(EXAMPLES), ids=lambda mode: mode.value)
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[" ".join(o) for o in OPERATIONS])
def test_generated_requests_never_get_a_5xx_and_2xx_bodies_match_the_document(
    api_schema, fuzz_api, seeded, method, path, mode
):
    operation = api_schema[path][method]
    if (
        mode is GenerationMode.NEGATIVE
        and not operation.path_parameters
        and not (operation.query or operation.body)
    ):
        pytest.skip("nothing to make invalid")
    statuses: list[int] = []

    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode))
    def check(case: Any) -> None:
        steer(case, seeded)
        response = case.call_and_validate(headers=fuzz_api.headers, checks=CHECKS)
        statuses.append(response.status_code)

    check()
    assert statuses and max(statuses) < 500


def test_the_fuzz_run_covers_every_documented_operation():
    assert len(OPERATIONS) == len(set(OPERATIONS)) >= 17
    assert ("GET", "/v1/artifact-files/{key}") in OPERATIONS


def test_a_page_number_past_64_bits_is_a_client_error(fuzz_api):
    response = fuzz_api.get("/api/v1/tasks", page=2**63)
    assert 400 <= response.status_code < 500, response.text


@pytest.mark.parametrize("expired_at", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_an_expiry_at_the_edge_of_time_is_not_a_server_error(fuzz_api, expired_at):
    body = {"totp_identifier": "a@example.com", "content": "123456", "expired_at": expired_at}
    response = fuzz_api.post("/v1/credentials/totp", body)
    assert response.status_code < 500, response.text


def test_an_early_expiry_is_echoed_as_a_four_digit_year(fuzz_api):
    body = {
        "totp_identifier": "a@example.com",
        "content": "1",
        "expired_at": "0056-01-27T19:16:19Z",
    }
    response = fuzz_api.post("/v1/credentials/totp", body)
    assert response.json()["expired_at"] == "0056-01-27T19:16:19.000000Z"
