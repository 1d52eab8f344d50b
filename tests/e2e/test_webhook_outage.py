"""A receiver that is down for a while (refusing connections, then answering 503) gets the
run's webhook once it recovers, without anyone calling retry_webhook, across a SIGKILL of
the server in the middle of the outage. The schedule is shrunk to seconds here; the
product's default spans hours."""

from __future__ import annotations

from itertools import pairwise

import httpx
import pytest

from stratus.adapters.sqlite_store import SqliteRunStore
from tests.e2e.conftest import wait_for
from tests.support.webhook_receiver import WebhookReceiver

pytestmark = pytest.mark.e2e

TERMINAL = {"completed", "failed", "terminated", "timed_out", "canceled"}
PROMPT = (
    "Apply for the job. Name: Chris P. Bacon, Email: chris@pbacon.com, agree to the privacy policy"
)


def test_a_receiver_back_from_an_outage_gets_its_webhook_once(server_factory, demo_site):
    server = server_factory(
        STRATUS_WEBHOOK_RETRY_SCHEDULE_SECONDS="[1, 2, 4, 8, 16]",
        STRATUS_WEBHOOK_TIMEOUT_SECONDS="2",
    )
    server.start()
    key = server.create_key()
    receiver = WebhookReceiver(key, server.webhook_secret).start()
    receiver.stop()  # down: its port refuses connections
    client = httpx.Client(base_url=server.base_url, headers={"x-api-key": key}, timeout=10)
    body = {
        "prompt": PROMPT,
        "url": demo_site.base_url + "/apply",
        "engine": "skyvern-1.0",
        "webhook_url": receiver.url,
    }
    run_id = client.post("/v1/run/tasks", json=body).json()["run_id"]
    wait_for(lambda: client.get(f"/v1/runs/{run_id}").json()["status"] in TERMINAL, 120)
    store = SqliteRunStore(server.data_dir / "stratus.db")
    try:
        attempts = lambda: store.list_webhook_attempts(run_id)  # noqa: E731
        wait_for(lambda: len(attempts()) >= 2, 30)  # refused twice
        receiver.answer = 503
        receiver.start()
        wait_for(lambda: any(a.status_code == 503 for a in attempts()), 30)
        waiting = store.get_run(run_id)
        assert waiting.webhook_state == "pending" and waiting.webhook_next_attempt_at

        server.kill()  # the schedule is in the store: a restart goes on with it
        server.start()
        receiver.answer = 200
        wait_for(lambda: receiver.accepted, 60)
        wait_for(lambda: store.get_run(run_id).webhook_state == "sent", 10)

        made = attempts()
        statuses = [a.status_code for a in made]
        assert statuses[0] is None and statuses[1] is None  # refused
        assert "ConnectionError" in (made[0].error or "")
        assert 503 in statuses and statuses[-1] == 200
        assert [a.attempt_number for a in made] == list(range(1, len(made) + 1))
        assert {a.request_headers["webhook-id"] for a in made} == {f"msg_{run_id}"}
        assert all(a.trigger == "finished" for a in made)  # no resend on demand
        # each wait at least the schedule's, less the jitter
        gaps = [(b.created_at - a.created_at).total_seconds() for a, b in pairwise(made)]
        waits = [1, 2, 4, 8, 16][: len(gaps)]
        assert all(gap >= wait * 0.8 for gap, wait in zip(gaps, waits, strict=True))
        final = store.get_run(run_id)
        assert (final.webhook_attempts, final.webhook_next_attempt_at) == (len(made), None)
    finally:
        store.close()
        receiver.stop()
    assert len(receiver.accepted) == 1 and receiver.turned_away >= 1
    hook = receiver.accepted[0]
    assert hook.verified and hook.webhook_id == f"msg_{run_id}" and hook.run_id == run_id
