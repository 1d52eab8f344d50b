"""Per-organization rate limits on every run-creating route (local: in this process)."""

import pytest

from tests.integration.api.conftest import make_api

pytestmark = pytest.mark.integration

CREATE_ROUTES = [
    ("/api/v1/tasks", {"url": "https://example.com", "navigation_goal": "look"}),
    ("/api/v2/tasks", {"user_prompt": "look at https://example.com"}),
    ("/v1/run/tasks", {"prompt": "look", "url": "https://example.com"}),
]


@pytest.mark.parametrize(("path", "body"), CREATE_ROUTES)
def test_over_the_burst_is_429_with_retry_after_then_allowed_again(tmp_path, path, body):
    api = make_api(tmp_path, run_rate_per_second=0.25, run_rate_burst=2)
    assert [api.post(path, body).status_code for _ in range(2)] == [200, 200]
    refused = api.post(path, body)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "4"  # one token every 4 s
    assert set(refused.json()) == {"detail"} and "4s" in refused.json()["detail"]
    assert len(api.orchestrator.started) == 2  # the refused run was never created
    api.clock.advance(3)
    assert api.post(path, body).headers["Retry-After"] == "1"
    api.clock.advance(1)
    assert api.post(path, body).status_code == 200


def test_routes_share_the_organizations_bucket_and_organizations_do_not(tmp_path):
    api = make_api(tmp_path, run_rate_per_second=0.1, run_rate_burst=3)
    for path, body in CREATE_ROUTES:
        assert api.post(path, body).status_code == 200
    path, body = CREATE_ROUTES[2]
    assert api.post(path, body).status_code == 429
    other = api.other_key()
    other_org = api.client.post(path, json=body, headers=other)
    assert other_org.status_code == 200
    # another key of the same organization shares its bucket
    _, same_org_key = api.container.keys.create_key("second", api.organization_id)
    same = api.client.post(path, json=body, headers={"x-api-key": same_org_key})
    assert same.status_code == 429 and same.headers["Retry-After"] == "10"


def test_invalid_requests_and_reads_take_no_token(tmp_path):
    api = make_api(tmp_path, run_rate_per_second=0.1, run_rate_burst=1)
    bad = api.post("/v1/run/tasks", {"prompt": "x", "webhook_url": "ftp://nope"})
    assert bad.status_code in (400, 422)
    for _ in range(3):
        assert api.get("/api/v1/tasks").status_code == 200
    assert api.post(*CREATE_ROUTES[2]).status_code == 200


def test_rate_zero_means_no_limit(tmp_path):
    api = make_api(tmp_path, run_rate_per_second=0, run_rate_burst=1)
    assert api.container.rate_limiter is None
    assert {api.post(*CREATE_ROUTES[2]).status_code for _ in range(5)} == {200}
