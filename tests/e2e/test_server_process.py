"""A real `stratus serve` process, real Chromium, the built-in planner, signed webhooks."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx
import pytest

from tests.e2e.conftest import wait_for

pytestmark = pytest.mark.e2e

PROMPT = (
    "Apply for the job. Name: Chris P. Bacon, Email: chris@pbacon.com, agree to the privacy policy"
)
TERMINAL = {"completed", "failed", "terminated", "timed_out", "canceled"}


def test_killed_server_resumes_the_run_and_sends_exactly_one_webhook(server_factory, demo_site):
    server = server_factory()
    server.start()
    key = server.create_key()
    demo_site.api_key = key
    client = httpx.Client(base_url=server.base_url, headers={"x-api-key": key}, timeout=10)
    body = {
        "prompt": PROMPT,
        "url": demo_site.base_url + "/apply?delay=6",
        "engine": "skyvern-1.0",
        "webhook_url": demo_site.base_url + "/webhook",
    }
    run_id = client.post("/v1/run/tasks", json=body).json()["run_id"]
    # kill while the first step is in flight (the page takes 6 s to answer)
    wait_for(lambda: client.get(f"/v1/runs/{run_id}").json()["status"] == "running")
    wait_for(lambda: client.get(f"/api/v1/tasks/{run_id}/steps").json())
    server.kill()
    assert demo_site.webhooks == []

    server.start()
    run = wait_for(
        lambda: (r := client.get(f"/v1/runs/{run_id}").json())["status"] in TERMINAL and r,
        timeout=120,
    )
    assert run["status"] == "completed", run.get("failure_reason")
    steps = client.get(f"/api/v1/tasks/{run_id}/steps").json()
    assert steps[0]["status"] == "failed"  # the step the crash interrupted
    assert (steps[1]["order"], steps[1]["retry_index"]) == (0, 1)
    assert demo_site.received.wait(30)
    # give a duplicate every chance to arrive before counting
    wait_for(lambda: client.get(f"/v1/runs/{run_id}").json() and True, timeout=2)
    assert len(demo_site.webhooks) == 1
    hook = demo_site.webhooks[0]
    assert hook["verified"]
    payload = json.loads(hook["body"])
    assert payload["run_id"] == run_id and payload["status"] == "completed"


def test_official_sdk_runs_gets_cancels_and_retries_webhooks(server_factory, demo_site):
    from skyvern.client import Skyvern

    server = server_factory()
    server.start()
    key = server.create_key()
    demo_site.api_key = key
    sdk = Skyvern(base_url=server.base_url, api_key=key)

    created = sdk.run_task(
        prompt=PROMPT,
        url=demo_site.base_url + "/apply",
        engine="skyvern-1.0",
        webhook_url=demo_site.base_url + "/webhook",
        data_extraction_schema={
            "type": "object",
            "properties": {"full_name": {"type": "string"}, "email": {"type": "string"}},
        },
    )
    assert created.run_id.startswith("tsk_")
    run = wait_for(lambda: (r := sdk.get_run(created.run_id)).status in TERMINAL and r, 120)
    assert run.status == "completed", run.failure_reason
    assert run.output == {"full_name": "Chris P. Bacon", "email": "chris@pbacon.com"}
    assert run.screenshot_urls, "screenshots are listed"
    shot = httpx.get(run.screenshot_urls[0], timeout=10)
    assert shot.status_code == 200 and shot.content.startswith(b"\x89PNG")
    assert demo_site.received.wait(30)

    resent = sdk.retry_run_webhook(created.run_id)
    assert resent is not None
    assert len(demo_site.webhooks) == 2
    for hook in demo_site.webhooks:
        expected = hmac.new(key.encode(), hook["body"], hashlib.sha256).hexdigest()
        assert hook["verified"] and expected

    slow = sdk.run_task(
        prompt=PROMPT, url=demo_site.base_url + "/apply?delay=8", engine="skyvern-1.0"
    )
    sdk.cancel_run(slow.run_id)
    canceled = wait_for(lambda: (r := sdk.get_run(slow.run_id)).status in TERMINAL and r, 60)
    assert canceled.status == "canceled"


def test_a_submit_cut_off_by_a_crash_is_not_sent_again(server_factory, demo_site):
    """SIGKILL once the site has the application and before Stratus records the click: the
    resumed run reads its journal, sees the submit may have taken effect, and does not
    repeat it (the built-in planner cannot check the page, so the run fails saying so)."""
    server = server_factory()
    server.start()
    key = server.create_key()
    demo_site.api_key = key
    demo_site.on_application = lambda: server.kill() if not demo_site.applications[1:] else None
    client = httpx.Client(base_url=server.base_url, headers={"x-api-key": key}, timeout=10)
    body = {
        "prompt": PROMPT,
        "url": demo_site.base_url + "/apply",
        "engine": "skyvern-1.0",
        "webhook_url": demo_site.base_url + "/webhook",
    }
    run_id = client.post("/v1/run/tasks", json=body).json()["run_id"]
    wait_for(lambda: demo_site.applications and server.proc.poll() is not None, timeout=90)

    server.start()
    run = wait_for(
        lambda: (r := client.get(f"/v1/runs/{run_id}").json())["status"] in TERMINAL and r,
        timeout=120,
    )
    assert len(demo_site.applications) == 1
    assert run["status"] == "failed"
    assert "may already have taken effect" in run["failure_reason"]
    assert "click" in run["failure_reason"]
    steps = client.get(f"/api/v1/tasks/{run_id}/steps").json()
    assert "while running click" in steps[0]["failure_reason"]
    assert demo_site.received.wait(30)
    assert len(demo_site.webhooks) == 1
