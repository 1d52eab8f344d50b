"""The run viewer over the app: ``app_url`` on run objects and webhooks, the viewer's JSON
routes (organization-scoped), and the pages' headers."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from stratus.config import Settings
from stratus.contract.links import run_app_url
from stratus.domain.models import Step
from stratus.domain.status import RunStatus
from tests.integration.api.conftest import make_api

pytestmark = pytest.mark.integration

HOOK = "http://127.0.0.1:9/hook"


def start(api, **fields):
    body = {"prompt": "Read the page", "url": "https://example.com", "engine": "skyvern-1.0"}
    return api.post("/v1/run/tasks", {**body, **fields}).json()


def finish(api, run_id):
    api.container.store.update_run(run_id, {"status": RunStatus.completed})


def test_app_url_is_the_run_page_on_every_run_object(api):
    created = start(api)
    run_id = created["run_id"]
    expected = f"http://127.0.0.1:8000/ui/runs/{run_id}"
    assert created["app_url"] == expected
    assert api.get(f"/v1/runs/{run_id}").json()["app_url"] == expected
    assert api.post(f"/v1/runs/{run_id}/cancel").json()["app_url"] == expected


def test_app_url_follows_the_public_base_url_and_reaches_the_webhook(tmp_path):
    api = make_api(tmp_path, public_base_url="https://stratus.example.com/")
    run_id = start(api, webhook_url=HOOK)["run_id"]
    expected = f"https://stratus.example.com/ui/runs/{run_id}"
    assert api.get(f"/v1/runs/{run_id}").json()["app_url"] == expected
    finish(api, run_id)
    assert api.post(f"/v1/runs/{run_id}/retry_webhook").status_code == 200
    assert json.loads(api.http.sent[-1].body)["app_url"] == expected


def test_without_a_known_address_aws_gives_no_app_url():
    assert Settings(mode="aws").app_base_url is None
    assert Settings(mode="aws", public_base_url="https://x.example").app_base_url == (
        "https://x.example"
    )
    assert run_app_url(None, "tsk_1") is None
    assert run_app_url("https://x.example/", "tsk_1") == "https://x.example/ui/runs/tsk_1"


def test_viewer_lists_every_family_with_status_filter_cost_and_pages(api):
    first = start(api)["run_id"]
    v2 = api.post("/api/v2/tasks", {"user_prompt": "Plan", "url": "https://example.com"}).json()
    v1 = api.post("/api/v1/tasks", {"url": "https://example.com", "navigation_goal": "Go"}).json()
    store = api.container.store
    run = store.get_run(first)
    begun = run.created_at
    store.put_step(
        Step(step_id="stp_a", run_id=first, organization_id=api.organization_id, order=0, cost=0.5)
    )
    store.update_run(
        first,
        {
            "status": RunStatus.completed,
            "started_at": begun,
            "finished_at": begun + timedelta(seconds=12.5),
            "step_count": 1,
        },
    )
    listed = api.get("/v1/viewer/runs").json()
    assert {item["run_id"] for item in listed} == {first, v2["task_id"], v1["task_id"]}
    done = api.get("/v1/viewer/runs", status="completed").json()
    assert [item["run_id"] for item in done] == [first]
    summary = done[0]
    assert summary["prompt"] == "Read the page" and summary["engine"] == "skyvern-1.0"
    assert summary["duration_seconds"] == 12.5 and summary["cost"] == 0.5
    assert summary["app_url"].endswith(f"/ui/runs/{first}")
    both = api.client.get(
        "/v1/viewer/runs?status=completed&status=queued", headers=api.headers
    ).json()
    assert len(both) == 3
    assert len(api.get("/v1/viewer/runs", page_size=2).json()) == 2
    assert len(api.get("/v1/viewer/runs", page_size=2, page=2).json()) == 1
    assert api.get("/v1/viewer/runs", status="paused").status_code == 422


def test_viewer_routes_are_scoped_to_the_organization(api):
    run_id = start(api, webhook_url=HOOK)["run_id"]
    finish(api, run_id)
    assert api.post(f"/v1/runs/{run_id}/retry_webhook").status_code == 200
    attempts = api.get(f"/v1/viewer/runs/{run_id}/webhook_attempts").json()
    assert [(a["trigger"], a["status_code"], a["url"]) for a in attempts] == [("retry", 200, HOOK)]
    stranger = api.other_key()
    assert api.client.get("/v1/viewer/runs", headers=stranger).json() == []
    missing = api.client.get(f"/v1/viewer/runs/{run_id}/webhook_attempts", headers=stranger)
    assert missing.status_code == 404
    assert api.client.get("/v1/viewer/runs").status_code == 401
    assert api.client.get("/v1/viewer/runs", headers={"x-api-key": "nope"}).status_code == 403


@pytest.mark.parametrize("path", ["/ui/", "/ui/new", "/ui/runs/tsk_123"])
def test_pages_are_the_shell_with_a_strict_policy(api, path):
    response = api.client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/ui/static/main.js">' in response.text
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy and "connect-src 'self'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "<script>" not in response.text and " on" not in response.text.split("<body")[1]


def test_static_modules_redirect_and_sandboxed_artifacts(api):
    script = api.client.get("/ui/static/main.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "content-security-policy" in script.headers
    moved = api.client.get("/ui", follow_redirects=False)
    assert moved.status_code == 308 and moved.headers["location"] == "/ui/"
    assert api.client.get("/ui/static/nothing.js").status_code == 404
    store = api.container.artifacts
    store.put("o_1/tsk_1/0/page.html", b"<script>alert(1)</script>", "text/html")
    page = api.client.get(store.url_for("o_1/tsk_1/0/page.html"))
    assert page.status_code == 200
    assert page.headers["content-security-policy"].startswith("sandbox")
