import pytest

from stratus.domain.status import RunStatus

pytestmark = pytest.mark.integration

SDK_RUN_FIELDS = {
    "run_id", "status", "created_at", "modified_at", "run_type", "output", "downloaded_files",
    "recording_url", "screenshot_urls", "failure_reason", "queued_at", "started_at",
    "finished_at", "app_url", "browser_session_id", "browser_profile_id",
    "max_screenshot_scrolls", "script_run", "errors", "step_count", "run_request",
}  # fmt: skip


def test_run_task_answers_the_run_object_and_starts_the_run(api):
    response = api.post(
        "/v1/run/tasks",
        {
            "prompt": "Find the top post",
            "url": "https://news.example.com",
            "engine": "skyvern-1.0",
            "max_steps": 7,
            "proxy_location": {"country": "US", "subdivision": "CA"},
            "future_field": {"anything": True},
        },
        **{"x-user-agent": "sdk-test"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) >= SDK_RUN_FIELDS
    assert body["run_id"].startswith("tsk_") and not body["run_id"].startswith("tsk_v2_")
    assert body["status"] == "queued" and body["run_type"] == "task_v1"
    assert body["script_run"] == {"ai_fallback_triggered": False}
    assert body["run_request"]["prompt"] == "Find the top post"
    assert body["run_request"]["max_steps"] == 7
    assert "future_field" not in body["run_request"]
    assert body["created_at"].endswith("Z") and body["queued_at"].endswith("Z")
    assert api.orchestrator.started == [body["run_id"]]
    stored = api.container.store.get_run(body["run_id"])
    assert stored.max_steps == 7
    assert stored.spec.user_agent == "sdk-test"
    assert stored.spec.proxy_location == {"country": "US", "subdivision": "CA"}


def test_skyvern_2_run_gets_v2_identities_and_is_found_by_workflow_run_id(api):
    body = api.post("/v1/run/tasks", {"prompt": "Plan a trip"}).json()
    assert body["run_id"].startswith("tsk_v2_") and body["run_type"] == "task_v2"
    stored = api.container.store.get_run(body["run_id"])
    assert stored.workflow_run_id.startswith("wr_")
    assert stored.workflow_id.startswith("w_") and stored.workflow_permanent_id.startswith("wpid_")
    assert stored.max_iterations == 10
    by_wr = api.get(f"/v1/runs/{stored.workflow_run_id}")
    assert by_wr.status_code == 200 and by_wr.json()["run_id"] == body["run_id"]


def test_engine_without_its_model_is_refused_and_nothing_is_started(api):
    response = api.post("/v1/run/tasks", {"prompt": "x", "engine": "openai-cua"})
    assert response.status_code == 400
    assert "openai-cua" in response.json()["detail"]
    assert api.orchestrator.started == []


def test_replay_where_scripts_cannot_be_replayed_is_refused(api):
    response = api.post(
        "/v1/run/tasks", {"prompt": "x", "engine": "skyvern-1.0", "run_with": "code"}
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("run_with:")
    assert api.orchestrator.started == []


def test_a_model_outside_the_allowed_list_is_refused(tmp_path):
    from tests.integration.api.conftest import make_api

    api = make_api(tmp_path, allowed_models=["gpt-4o-mini"])
    body = {"prompt": "x", "engine": "skyvern-1.0", "model": {"model_name": "o1-pro"}}
    response = api.post("/v1/run/tasks", body)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("model: 'o1-pro' is not one of")
    assert api.orchestrator.started == []


def test_unknown_engine_is_a_422_naming_the_field(api):
    response = api.post("/v1/run/tasks", {"prompt": "x", "engine": "skyvern-9"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "engine"


def test_null_optional_fields_are_accepted(api):
    response = api.post(
        "/v1/run/tasks",
        {"prompt": "x", "engine": None, "url": None, "proxy_location": None, "max_steps": None},
    )
    assert response.status_code == 200, response.text
    assert response.json()["run_type"] == "task_v2"


def test_cancel_then_cancel_again_is_a_clear_409(api):
    run_id = api.post("/v1/run/tasks", {"prompt": "x", "engine": "skyvern-1.0"}).json()["run_id"]
    first = api.post(f"/v1/runs/{run_id}/cancel")
    assert first.status_code == 200 and first.json()["status"] == "canceled"
    again = api.post(f"/v1/runs/{run_id}/cancel")
    assert again.status_code == 409
    assert "canceled" in again.json()["detail"]


def test_cancel_of_a_running_run_requests_a_stop_at_the_next_step(api):
    run_id = api.post("/v1/run/tasks", {"prompt": "x", "engine": "skyvern-1.0"}).json()["run_id"]
    api.container.store.update_run(run_id, {"status": RunStatus.running})
    body = api.post(f"/v1/runs/{run_id}/cancel").json()
    assert body["status"] == "running"
    assert api.container.store.get_run(run_id).cancel_requested is True
    assert run_id in api.orchestrator.canceled


def test_another_organizations_run_is_not_found(api):
    run_id = api.post("/v1/run/tasks", {"prompt": "x"}).json()["run_id"]
    other = api.other_key()
    for method, path in [
        ("get", f"/v1/runs/{run_id}"),
        ("post", f"/v1/runs/{run_id}/cancel"),
        ("post", f"/v1/runs/{run_id}/retry_webhook"),
        ("get", f"/v1/runs/{run_id}/artifacts"),
        ("get", f"/api/v1/tasks/{run_id}"),
    ]:
        response = getattr(api.client, method)(path, headers=other)
        assert response.status_code == 404, (path, response.text)
    assert api.get(f"/v1/runs/{run_id}").status_code == 200


def test_retry_webhook_reports_what_was_sent_and_what_came_back(api):
    created = api.post(
        "/v1/run/tasks",
        {"prompt": "x", "engine": "skyvern-1.0", "webhook_url": "https://hooks.example.com/a"},
    ).json()
    run_id = created["run_id"]
    not_yet = api.post(f"/v1/runs/{run_id}/retry_webhook")
    assert not_yet.status_code == 409
    api.post(f"/v1/runs/{run_id}/cancel")
    report = api.post(f"/v1/runs/{run_id}/retry_webhook").json()
    assert report["run_id"] == run_id and report["status_code"] == 200
    assert report["target_webhook_url"] == "https://hooks.example.com/a"
    assert '"status":"canceled"' in report["payload"]
    assert "x-skyvern-signature" in report["headers"]
    assert api.http.sent[-1].url == "https://hooks.example.com/a"
    assert report["headers"]["webhook-id"] == f"msg_{run_id}"
    schedule = report["webhook_schedule"]
    assert schedule["webhook_id"] == f"msg_{run_id}" and schedule["state"] == "sent"
    assert (schedule["max_attempts"], schedule["attempts_remaining"]) == (8, 0)
    assert schedule["next_attempt_at"] is None


def test_retry_webhook_to_another_url_this_once(api):
    run_id = api.post("/v1/run/tasks", {"prompt": "x", "engine": "skyvern-1.0"}).json()["run_id"]
    api.post(f"/v1/runs/{run_id}/cancel")
    no_url = api.post(f"/v1/runs/{run_id}/retry_webhook")
    assert no_url.status_code == 409 and "webhook" in no_url.json()["detail"]
    report = api.post(
        f"/v1/runs/{run_id}/retry_webhook", {"webhook_url": "https://elsewhere.example.com/h"}
    ).json()
    assert report["target_webhook_url"] == "https://elsewhere.example.com/h"
    assert api.container.store.get_run(run_id).webhook_url is None


def test_private_webhook_urls_are_refused_when_not_allowed(tmp_path):
    from tests.integration.api.conftest import make_api

    api = make_api(tmp_path, allow_private_urls=False)
    response = api.post(
        "/v1/run/tasks", {"prompt": "x", "webhook_url": "http://169.254.169.254/latest"}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "webhook_url"
    totp = api.post("/v1/run/tasks", {"prompt": "x", "totp_url": "http://127.0.0.1:8080/code"})
    assert totp.status_code == 400 and totp.json()["field"] == "totp_url"
    assert api.orchestrator.started == []


def test_max_steps_comes_from_header_then_body_then_organization_then_settings(api):
    def steps(body, **headers):
        run_id = api.post("/v1/run/tasks", body, **headers).json()["run_id"]
        return api.container.store.get_run(run_id).max_steps

    base = {"prompt": "x", "engine": "skyvern-1.0"}
    assert steps(base) == api.container.settings.default_max_steps
    assert steps({**base, "max_steps": 4}) == 4
    assert steps({**base, "max_steps": 4}, **{"x-max-steps-override": "6"}) == 6
    bad = api.post("/v1/run/tasks", base, **{"x-max-steps-override": "0"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "x-max-steps-override"


def test_organization_default_applies_when_neither_header_nor_body_says(api):
    from stratus.domain.models import Organization

    api.container.store.create_organization(
        Organization(organization_id="o_42", name="capped", max_steps_default=3)
    )
    _, raw = api.container.keys.create_key("capped", organization_id="o_42")
    response = api.client.post(
        "/v1/run/tasks", json={"prompt": "x", "engine": "skyvern-1.0"}, headers={"x-api-key": raw}
    )
    assert api.container.store.get_run(response.json()["run_id"]).max_steps == 3


def test_a_run_that_cannot_be_started_ends_failed_with_a_reason(api):
    def refuse(run):
        raise ConnectionError("state machine unreachable")

    api.orchestrator.start = refuse
    body = api.post(
        "/v1/run/tasks",
        {"prompt": "x", "engine": "skyvern-1.0", "webhook_url": "https://hooks.example.com/f"},
    ).json()
    assert body["status"] == "failed"
    assert "could not be started" in body["failure_reason"]
    assert api.container.store.get_run(body["run_id"]).webhook_state == "pending"


def test_an_overlong_run_id_is_simply_not_found(api):
    class Refusing:
        def find_run(self, *_):
            raise AssertionError("a long id must not reach the store")

    api.container.runs._store = Refusing()
    response = api.get("/v1/runs/tsk_" + "1" * 5000)
    assert response.status_code == 404
