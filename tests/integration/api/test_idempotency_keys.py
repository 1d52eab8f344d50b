"""``Idempotency-Key`` on the create routes: the same key and body answer the first result,
another body is a 409, keys are kept 24 hours, and concurrent duplicates create one thing."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = pytest.mark.integration

RUN = {"prompt": "Find the top post", "url": "https://news.example", "engine": "skyvern-1.0"}


def keyed(api, key: str) -> dict[str, str]:
    return {**api.headers, "Idempotency-Key": key}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/run/tasks", RUN),
        ("/api/v1/tasks", {"url": "https://news.example", "navigation_goal": "Find it"}),
        ("/api/v2/tasks", {"user_prompt": "Find the top post", "url": "https://news.example"}),
    ],
)
def test_the_same_key_and_body_answer_the_first_run_again(api, path, body) -> None:
    first = api.client.post(path, json=body, headers=keyed(api, "k-1"))
    again = api.client.post(path, json=body, headers=keyed(api, "k-1"))
    assert first.status_code == again.status_code == 200, first.text
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert len(api.orchestrator.started) == 1


def test_the_same_key_with_another_body_is_a_409(api) -> None:
    assert api.client.post("/v1/run/tasks", json=RUN, headers=keyed(api, "k-1")).status_code == 200
    other = api.client.post(
        "/v1/run/tasks", json={**RUN, "prompt": "Something else"}, headers=keyed(api, "k-1")
    )
    assert other.status_code == 409
    assert "different request" in other.json()["detail"]
    assert len(api.orchestrator.started) == 1


def test_key_order_and_spacing_of_the_json_do_not_make_another_body(api) -> None:
    headers = {**keyed(api, "k-1"), "content-type": "application/json"}
    first = api.client.post(
        "/v1/run/tasks",
        content=b'{"prompt": "Find the top post", '
        b'"url": "https://news.example", "engine": "skyvern-1.0"}',
        headers=headers,
    )
    again = api.client.post(
        "/v1/run/tasks",
        content=b'{"engine":"skyvern-1.0","url":'
        b'"https://news.example","prompt":"Find the top post"}',
        headers=headers,
    )
    assert again.status_code == 200 and again.json() == first.json()


def test_keys_are_kept_24_hours(api) -> None:
    first = api.client.post("/v1/run/tasks", json=RUN, headers=keyed(api, "k-1")).json()
    api.clock.advance(24 * 3600 - 1)
    assert api.client.post("/v1/run/tasks", json=RUN, headers=keyed(api, "k-1")).json() == first
    api.clock.advance(1)
    later = api.client.post("/v1/run/tasks", json=RUN, headers=keyed(api, "k-1")).json()
    assert later["run_id"] != first["run_id"]


def test_keys_belong_to_the_organization(api) -> None:
    mine = api.client.post("/v1/run/tasks", json=RUN, headers=keyed(api, "k-1")).json()
    theirs = api.client.post(
        "/v1/run/tasks", json=RUN, headers={**api.other_key(), "Idempotency-Key": "k-1"}
    ).json()
    assert theirs["run_id"] != mine["run_id"]


def test_a_refused_request_frees_its_key(api) -> None:
    refused = api.client.post(
        "/v1/run/tasks", json={**RUN, "max_steps": 0}, headers=keyed(api, "k-1")
    )
    assert refused.status_code == 422
    fixed = api.client.post("/v1/run/tasks", json=RUN, headers=keyed(api, "k-1"))
    assert fixed.status_code == 200 and "idempotent-replayed" not in fixed.headers


def test_a_malformed_key_is_a_400(api) -> None:
    response = api.client.post("/v1/run/tasks", json=RUN, headers=keyed(api, "x" * 256))
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]
    assert api.orchestrator.started == []


def test_concurrent_duplicates_create_one_run(api) -> None:
    def post(_: int):
        return api.client.post("/v1/run/tasks", json=RUN, headers=keyed(api, "k-race"))

    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(post, range(6)))
    assert {r.status_code for r in responses} <= {200, 409}
    assert len({r.json()["run_id"] for r in responses if r.status_code == 200}) == 1
    assert len(api.orchestrator.started) == 1
    assert len(api.container.store.list_runs(api.organization_id, page=1, page_size=50)) == 1


def test_browser_sessions_profiles_and_uploads_take_keys_too(api) -> None:
    session = api.client.post("/v1/browser_sessions", json={}, headers=keyed(api, "s-1"))
    assert session.status_code == 200, session.text
    again = api.client.post("/v1/browser_sessions", json={}, headers=keyed(api, "s-1"))
    assert again.json() == session.json()

    profile = {"name": "blank shop"}
    first = api.client.post("/v1/browser_profiles", json=profile, headers=keyed(api, "p-1"))
    assert first.status_code == 200, first.text
    again = api.client.post("/v1/browser_profiles", json=profile, headers=keyed(api, "p-1"))
    assert again.json() == first.json()

    # each multipart request has its own boundary; the file is what makes it the same request
    upload = {"file": ("resume.pdf", b"%PDF-1.4 cv", "application/pdf")}
    first = api.client.post("/v1/upload_file", files=upload, headers=keyed(api, "u-1"))
    again = api.client.post("/v1/upload_file", files=upload, headers=keyed(api, "u-1"))
    assert first.status_code == 200, first.text
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    other = {"file": ("resume.pdf", b"%PDF-1.4 another cv", "application/pdf")}
    assert (
        api.client.post("/v1/upload_file", files=other, headers=keyed(api, "u-1")).status_code
        == 409
    )


def test_the_official_sdk_sends_the_key_through_request_options(api) -> None:
    from skyvern.client import Skyvern

    sdk = Skyvern(base_url="http://testserver", api_key=api.raw_key, httpx_client=api.client)
    options = {"additional_headers": {"Idempotency-Key": "sdk-1"}}
    first = sdk.run_task(
        prompt="Find the top post", url="https://news.example", request_options=options
    )
    again = sdk.run_task(
        prompt="Find the top post", url="https://news.example", request_options=options
    )
    assert again.run_id == first.run_id
    assert len(api.orchestrator.started) == 1


class CreateFailsOnce:
    """The run store, failing the first run it is asked to create (a database error)."""

    def __init__(self, store) -> None:
        self._store = store
        self.failed = False

    def create_run(self, run) -> None:
        if not self.failed:
            self.failed = True
            raise RuntimeError("database is locked")
        self._store.create_run(run)

    def __getattr__(self, name):
        return getattr(self._store, name)


class ReleaseUnreachable:
    """Keys that cannot be freed: the store is unreachable when a failed request ends."""

    def __init__(self, requests) -> None:
        self._requests = requests

    def release(self, *args, **kwargs) -> None:
        raise ConnectionError("the idempotency store is unreachable")

    def __getattr__(self, name):
        return getattr(self._requests, name)


def _failing_api(tmp_path, *, release_fails: bool):
    from stratus.adapters.sqlite_idempotent_requests import SqliteIdempotentRequests
    from stratus.adapters.sqlite_store import SqliteRunStore
    from tests.integration.api.conftest import make_api

    requests = SqliteIdempotentRequests(tmp_path / "stratus.db")
    overrides = {
        "store": CreateFailsOnce(SqliteRunStore(tmp_path / "stratus.db")),
        "idempotent_requests": ReleaseUnreachable(requests) if release_fails else requests,
    }
    return make_api(tmp_path, overrides=overrides)


def test_a_5xx_keeps_nothing_and_the_retry_runs_again(tmp_path) -> None:
    api = _failing_api(tmp_path, release_fails=False)
    failed = api.client.post("/v1/run/tasks", json=RUN, headers=keyed(api, "k-5xx"))
    assert failed.status_code == 500

    retry = api.client.post("/v1/run/tasks", json=RUN, headers=keyed(api, "k-5xx"))

    assert retry.status_code == 200, retry.text
    assert "idempotent-replayed" not in retry.headers
    assert api.orchestrator.started == [retry.json()["run_id"]]


def test_a_key_its_failed_request_could_not_free_is_taken_over_after_a_minute(tmp_path) -> None:
    api = _failing_api(tmp_path, release_fails=True)
    failed = api.client.post("/v1/run/tasks", json=RUN, headers=keyed(api, "k-stuck"))
    assert failed.status_code == 500  # the request's own error, not the store's

    at_once = api.client.post("/v1/run/tasks", json=RUN, headers=keyed(api, "k-stuck"))
    assert at_once.status_code == 409 and "still being served" in at_once.json()["detail"]
    api.clock.advance(61)
    retry = api.client.post("/v1/run/tasks", json=RUN, headers=keyed(api, "k-stuck"))

    assert retry.status_code == 200, retry.text
    assert api.orchestrator.started == [retry.json()["run_id"]]
    replayed = api.client.post("/v1/run/tasks", json=RUN, headers=keyed(api, "k-stuck"))
    assert replayed.headers["idempotent-replayed"] == "true"
