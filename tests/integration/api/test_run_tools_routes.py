"""Version, bulk cancel, timeline, tags and CDP connect headers over the HTTP API."""

from __future__ import annotations

import json

import pytest

from stratus.domain.models import ActionRecord, Step
from stratus.domain.status import RunStatus, StepStatus

pytestmark = pytest.mark.integration


def create(api, **fields) -> str:
    body = {"prompt": "Find it", "url": "https://a.example", "engine": "skyvern-1.0", **fields}
    response = api.post("/v1/run/tasks", body)
    assert response.status_code == 200, response.text
    return response.json()["run_id"]


def test_version_needs_no_key(api):
    response = api.client.get("/v1/version")
    assert response.status_code == 200 and response.json()["version"]


def test_bulk_cancel_reports_what_it_canceled_and_what_it_could_not(api):
    queued, done = create(api), create(api)
    api.container.lifecycle.finish(done, RunStatus.completed)
    response = api.post("/v1/runs/cancel", {"run_ids": [queued, done, "tsk_nope"]})
    assert response.status_code == 200, response.text
    assert response.json() == {"cancelled": [queued], "failed": [done, "tsk_nope"]}
    assert api.container.store.get_run(queued).status is RunStatus.canceled


def test_timeline_has_a_thought_per_step_oldest_first(api):
    run_id = create(api)
    run = api.container.store.get_run(run_id)
    for order in (1, 0):
        api.container.store.put_step(
            Step(
                step_id=f"stp_{order}",
                run_id=run_id,
                organization_id=run.organization_id,
                order=order,
                status=StepStatus.completed,
                url="https://a.example/",
                actions=[ActionRecord(action_type="click", reasoning=f"reason {order}")],
                created_at=api.clock.now().replace(second=order),
            )
        )
    response = api.get(f"/v1/runs/{run_id}/timeline")
    assert response.status_code == 200, response.text
    entries = response.json()
    assert [e["thought"]["thought_id"] for e in entries] == ["stp_0", "stp_1"]
    assert entries[0]["type"] == "thought" and entries[0]["thought"]["thought"] == "reason 0"
    assert entries[0]["thought"]["user_input"] == "Find it"
    assert api.get("/v1/runs/tsk_nope/timeline").status_code == 404


def test_tags_are_set_read_deleted_and_batched(api):
    run_id, other = create(api), create(api)
    body = {"tags": [{"key": "env", "value": "prod"}, {"value": "urgent"}]}
    response = api.post(f"/v1/runs/{run_id}/tags", body)
    assert response.status_code == 200, response.text
    tags = response.json()["tags"]
    assert [(t["key"], t["value"]) for t in tags] == [("env", "prod"), (None, "urgent")]
    # set wins over delete on the same key; a standalone label is deleted by value
    body = {"tags": [{"key": "env", "value": "dev"}], "tags_to_delete": [{"key": "env"}]}
    api.post(f"/v1/runs/{run_id}/tags", body)
    body = {"tags_to_delete": [{"value": "urgent"}]}
    got = api.post(f"/v1/runs/{run_id}/tags", body).json()
    assert [(t["key"], t["value"]) for t in got["tags"]] == [("env", "dev")]
    assert api.get(f"/v1/runs/{run_id}/tags").json() == got
    batch = api.get("/v1/run-tags", workflow_run_ids=f"{run_id},{other},tsk_nope").json()
    assert batch == {"run_tags": {run_id: [{"key": "env", "value": "dev"}], other: []}}
    listed = api.get("/v1/runs", tag="env:dev").json()
    assert [item["run_id"] for item in listed] == [run_id]
    deleted = api.client.delete(f"/v1/runs/{run_id}/tags/env", headers=api.headers)
    assert deleted.status_code == 200 and deleted.json()["tags"] == []
    foreign = api.client.get(f"/v1/runs/{run_id}/tags", headers=api.other_key())
    assert foreign.status_code == 404
    assert api.post(f"/v1/runs/{run_id}/tags", {"tags": [{"key": "k"}]}).status_code == 422


def test_cdp_connect_headers_are_sealed_and_never_echoed(api):
    secret = "Bearer cdp-secret-token"
    run_id = create(
        api,
        browser_address="wss://browser.example/devtools",
        cdp_connect_headers={"Authorization": secret},
    )
    for path in (f"/v1/runs/{run_id}", "/v1/runs", f"/v1/runs/{run_id}/timeline"):
        assert secret not in api.get(path).text
    stored = api.container.store.get_run(run_id)
    assert secret not in stored.model_dump_json()
    opened = api.container.secrets.open(stored.spec.cdp_connect_headers_sealed)
    assert json.loads(opened) == {"Authorization": secret}


def test_cdp_connect_headers_without_a_browser_address_are_refused(api):
    response = api.post(
        "/v1/run/tasks",
        {"prompt": "x", "url": "https://a.example", "cdp_connect_headers": {"A": "b"}},
    )
    assert response.status_code == 400
    assert "browser_address" in response.json()["detail"]
