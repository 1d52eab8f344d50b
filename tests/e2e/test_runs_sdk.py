"""The official SDK's run calls against a real `stratus serve`: listing with filters and a
total, version, bulk cancel, timeline, tags, and a cancel that never lets the run act."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.e2e.conftest import wait_for

pytestmark = pytest.mark.e2e

PROMPT = (
    "Apply for the job. Name: Chris P. Bacon, Email: chris@pbacon.com, agree to the privacy policy"
)
TERMINAL = {"completed", "failed", "terminated", "timed_out", "canceled"}


def finished(sdk, run_id: str, timeout: float = 120):
    return wait_for(lambda: (r := sdk.get_run(run_id)).status in TERMINAL and r, timeout)


def test_official_sdk_lists_tags_cancels_and_reads_timelines(server_factory, demo_site):
    from skyvern.client import Skyvern

    server = server_factory()
    server.start()
    key = server.create_key()
    sdk = Skyvern(base_url=server.base_url, api_key=key)
    assert sdk.get_version()["version"]

    done = sdk.run_task(prompt=PROMPT, url=demo_site.base_url + "/apply", engine="skyvern-1.0")
    assert finished(sdk, done.run_id).status == "completed"
    slow = [
        sdk.run_task(prompt=PROMPT, url=demo_site.base_url + "/apply?delay=20") for _ in range(2)
    ]
    result = sdk.bulk_cancel_runs(run_ids=[s.run_id for s in slow] + [done.run_id])
    assert result.cancelled == [s.run_id for s in slow] and result.failed == [done.run_id]
    for run in slow:
        assert finished(sdk, run.run_id, 60).status == "canceled"

    every = sdk.get_runs_v2(page=1, page_size=10)
    assert [item.run_id for item in every][-1] == done.run_id and len(every) == 3
    raw = sdk.with_raw_response.get_runs_v2(page=1, page_size=2)
    assert raw.headers["x-total-count"] == "3" and raw.headers["x-next-page"] == "2"
    assert len(raw.data) == 2
    picked = sdk.get_runs_v2(status=["completed", "failed"], run_type="task_v1")
    assert [item.run_id for item in picked] == [done.run_id]
    assert picked[0].task_run_type == "task_v1" and picked[0].status == "completed"
    assert [i.run_id for i in sdk.get_runs_v2(search_key=done.run_id[-8:])] == [done.run_id]
    v2 = sdk.get_runs_v2(run_type="task_v2")  # the engine left to its default
    assert sorted(item.run_id for item in v2) == sorted(s.run_id for s in slow)
    assert sdk.get_runs_v2(run_type="workflow_run") == []

    tagged = sdk.apply_run_tags(done.run_id, tags=[{"key": "env", "value": "prod"}])
    assert [(t.key, t.value) for t in tagged.tags] == [("env", "prod")]
    assert sdk.get_run_tags(done.run_id).tags[0].value == "prod"
    batch = sdk.batch_get_run_tags(workflow_run_ids=f"{done.run_id},{slow[0].run_id}")
    assert batch.run_tags[done.run_id][0].value == "prod" and batch.run_tags[slow[0].run_id] == []
    by_tag = sdk.get_runs_v2(request_options={"additional_query_parameters": {"tag": "env:prod"}})
    assert [item.run_id for item in by_tag] == [done.run_id]
    assert sdk.delete_run_tag(done.run_id, "env").tags == []

    timeline = sdk.get_run_timeline(done.run_id)
    assert timeline and all(entry.type == "thought" for entry in timeline)
    assert timeline[0].thought.task_id == done.run_id


def test_a_run_canceled_while_its_page_loads_never_submits_the_form(server_factory, demo_site):
    from skyvern.client import Skyvern

    server = server_factory()
    server.start()
    key = server.create_key()
    sdk = Skyvern(base_url=server.base_url, api_key=key)
    client = httpx.Client(base_url=server.base_url, headers={"x-api-key": key}, timeout=10)
    run = sdk.run_task(prompt=PROMPT, url=demo_site.base_url + "/apply?delay=5")
    # the worker has claimed it and is opening the slow page
    wait_for(lambda: client.get(f"/api/v1/tasks/{run.run_id}/steps").json())
    sdk.cancel_run(run.run_id)
    assert finished(sdk, run.run_id, 60).status == "canceled"
    time.sleep(3)  # the page has loaded by now: any action would have reached the site
    assert demo_site.applications == []
    steps = client.get(f"/api/v1/tasks/{run.run_id}/steps").json()
    assert [s["status"] for s in steps] == ["canceled"] and steps[0]["actions"] == []


def test_official_sdk_extends_sessions_and_gets_helpful_refusals(server_factory, demo_site):
    from skyvern.client import Skyvern
    from skyvern.client.core.api_error import ApiError

    server = server_factory()
    server.start()
    sdk = Skyvern(base_url=server.base_url, api_key=server.create_key())

    session = sdk.create_browser_session(timeout=30)
    assert (
        sdk.extend_browser_session(session.browser_session_id, additional_minutes=15).timeout == 45
    )
    updated = sdk.update_browser_session(session.browser_session_id, generate_browser_profile=False)
    assert updated.generate_browser_profile is False
    sdk.close_browser_session(session.browser_session_id)

    uploaded = sdk.upload_file(file="name,email\nChris,chris@pbacon.com\n")
    kept = server.data_dir / "files"
    [path] = [p for p in kept.rglob("*") if p.is_file()]
    assert path.read_text() == "name,email\nChris,chris@pbacon.com\n"
    assert uploaded.s3uri.endswith(path.name)
    assert httpx.get(uploaded.presigned_url, timeout=10).text.startswith("name,email")

    with pytest.raises(ApiError) as refused:
        sdk.run_task(
            prompt=PROMPT,
            url=demo_site.base_url + "/apply",
            request_options={"additional_body_parameters": {"webhookurl": "https://h.example"}},
        )
    assert refused.value.status_code == 422
    assert refused.value.body["detail"][0]["suggestion"] == "webhook_url"
    assert refused.value.headers["x-request-id"].startswith("req_")
    raw = sdk.with_raw_response.get_runs_v2(
        request_options={"additional_headers": {"x-request-id": "trace-7"}}
    )
    assert raw.headers["x-request-id"] == "trace-7"
    # the line is written once the response has gone out
    wait_for(lambda: "request_id=trace-7" in server.log.read_text(), timeout=10)
