"""A webhook's latency is measured: retry_webhook reports it (``latency_ms``), and the
delivery it records shows the same figure in the run's timeline and the viewer."""

from __future__ import annotations

import pytest

from stratus.domain.status import RunStatus

pytestmark = pytest.mark.integration

HOOK = "https://hooks.example.com/a"
RECEIVER_SECONDS = 0.05


def test_retry_webhook_reports_the_latency_the_timeline_and_viewer_show(api):
    run_id = api.post(
        "/v1/run/tasks", {"prompt": "x", "engine": "skyvern-1.0", "webhook_url": HOOK}
    ).json()["run_id"]
    api.container.store.update_run(run_id, {"status": RunStatus.completed})
    api.http.answer_after_seconds = RECEIVER_SECONDS

    report = api.post(f"/v1/runs/{run_id}/retry_webhook").json()

    assert report["status_code"] == 200
    latency = report["latency_ms"]
    assert isinstance(latency, int) and latency >= RECEIVER_SECONDS * 1000
    [timeline_entry] = [
        entry
        for entry in api.get(f"/v1/runs/{run_id}/timeline").json()
        if entry["thought"]["output"] and "webhook_url" in entry["thought"]["output"]
    ]
    assert timeline_entry["thought"]["output"]["latency_ms"] == latency
    [attempt] = api.get(f"/v1/viewer/runs/{run_id}/webhook_attempts").json()
    assert attempt["duration_ms"] == latency


def test_the_v1_task_route_reports_it_too(api):
    task_id = api.post(
        "/api/v1/tasks",
        {"url": "https://example.com", "navigation_goal": "x", "webhook_callback_url": HOOK},
    ).json()["task_id"]
    api.container.store.update_run(task_id, {"status": RunStatus.completed})

    report = api.post(f"/api/v1/tasks/{task_id}/retry_webhook").json()

    assert report["status_code"] == 200 and isinstance(report["latency_ms"], int)
