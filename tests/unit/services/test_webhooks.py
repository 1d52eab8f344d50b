import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

import pytest

from stratus.domain.engine import StepOutcome
from stratus.domain.status import RunStatus
from stratus.services.errors import InvalidState
from stratus.services.signing import compact_json, skyvern_signature, standard_webhook_signature
from stratus.services.webhook_policy import retry_after_seconds, should_retry
from tests.fakes.runtime import ScriptedEngine

pytestmark = pytest.mark.unit

HOOK = "http://127.0.0.1:9/hook"


def test_compact_json_matches_the_contract():
    body = compact_json({"a": 1.0, "b": [2.5, 3.0], "c": "é", "d": None})
    assert body == '{"a":1,"b":[2.5,3],"c":"é","d":null}'.encode()


def test_signature_test_vector():
    # HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog")
    sig = skyvern_signature("key", b"The quick brown fox jumps over the lazy dog")
    assert sig == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"


def test_standard_webhook_signature_signs_id_timestamp_and_body():
    sig = standard_webhook_signature("k", "msg_1", 1700000000, b"{}")
    expected = hmac.new(b"k", b"msg_1.1700000000.{}", hashlib.sha256).digest()
    assert sig == "v1," + base64.b64encode(expected).decode()


@pytest.mark.parametrize(
    ("status", "headers", "retry"),
    [
        (None, {}, True),
        (500, {}, True),
        (503, {}, True),
        (429, {}, True),
        (408, {}, True),
        (425, {}, True),
        (403, {"Via": "1.1 proxy"}, True),
        (403, {}, False),
        (404, {}, False),
        (400, {}, False),
    ],
)
def test_retry_policy(status, headers, retry):
    assert should_retry(status, headers) is retry


def test_retry_after_seconds_and_dates():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert retry_after_seconds({"Retry-After": "7"}, now) == 7
    assert retry_after_seconds({"retry-after": "Thu, 01 Jan 2026 00:00:30 GMT"}, now) == 30
    assert retry_after_seconds({}, now) is None
    assert retry_after_seconds({"Retry-After": "999999"}, now) == 86_400  # a day at most


async def run_to_end(h, run):
    for _ in range(10):
        if (await h.container.execution.run_step(run.run_id)).done:
            return


async def test_one_post_per_run_even_if_delivered_twice(harness_factory):
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete", output={"x": 1})]))
    published: list[str] = []
    h.container.events.subscribe(lambda finished: published.append(finished.run_id))
    run = h.new_run(webhook_url=HOOK)
    await run_to_end(h, run)
    assert published == [run.run_id]
    await h.container.webhooks.deliver(run.run_id)
    await h.container.webhooks.deliver(run.run_id)
    assert len(h.http.sent) == 1
    sent = h.http.sent[0]
    assert (
        sent.headers["x-skyvern-signature"]
        == hmac.new(h.raw_key.encode(), sent.body, hashlib.sha256).hexdigest()
    )
    assert json.loads(sent.body)["status"] == "completed"
    assert h.container.store.get_run(run.run_id).webhook_state == "sent"


async def test_webhook_gives_up_on_client_error(harness_factory):
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete")]), statuses=[404])
    run = h.new_run(webhook_url=HOOK)
    await run_to_end(h, run)
    await h.container.webhooks.deliver(run.run_id)
    assert len(h.http.sent) == 1
    assert h.container.store.get_run(run.run_id).webhook_state == "failed"


async def test_private_webhook_refused_outside_local_development(harness_factory):
    h = harness_factory(
        ScriptedEngine([StepOutcome(decision="complete")]),
        settings={"allow_private_urls": False},
    )
    run = h.new_run(webhook_url="http://10.0.0.5/hook")
    await run_to_end(h, run)
    await h.container.webhooks.deliver(run.run_id)
    assert h.http.sent == []
    attempt = h.container.store.list_webhook_attempts(run.run_id)[0]
    assert attempt.error.startswith("refused")


async def test_retry_webhook_resends_and_reports(harness_factory):
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete")]))
    run = h.new_run(webhook_url=HOOK)
    with pytest.raises(InvalidState):
        await h.container.webhooks.retry(run)
    await run_to_end(h, run)
    finished = h.container.store.get_run(run.run_id)
    report = await h.container.webhooks.retry(finished)
    assert report.response.status_code == 200
    assert report.request.url == HOOK
    assert json.loads(report.request.body)["run_id"] == run.run_id
    assert h.container.store.list_webhook_attempts(run.run_id)[-1].trigger == "retry"
    assert finished.status is RunStatus.completed


async def test_a_resend_that_sent_nothing_has_no_latency(harness_factory):
    h = harness_factory(
        ScriptedEngine([StepOutcome(decision="complete")]),
        settings={"allow_private_urls": False},
    )
    run = h.new_run(webhook_url="http://10.0.0.5/hook")
    await run_to_end(h, run)
    report = await h.container.webhooks.retry(h.container.store.get_run(run.run_id))
    assert report.error.startswith("refused") and report.latency_ms is None
    h.http.statuses = [ConnectionError("connection refused")]
    public = "https://93.184.216.34/hook"  # an address literal: no name to resolve
    allowed = h.container.store.update_run(run.run_id, {"webhook_url": public})
    failed = await h.container.webhooks.retry(allowed)
    assert failed.response is None and isinstance(failed.latency_ms, int)  # it was sent


async def test_a_crashed_deliverers_claim_lapses_soon_and_delivery_resumes(harness_factory):
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete")]))
    run = h.new_run(webhook_url=HOOK)
    await run_to_end(h, run)
    # a deliverer claimed the webhook and died before sending anything
    h.container.store.update_run(
        run.run_id,
        {
            "webhook_state": "delivering",
            "lease_owner": "dead-worker",
            "lease_expires_at": h.clock.now() + timedelta(seconds=45),
        },
    )
    await h.container.webhooks.deliver(run.run_id)
    assert h.http.sent == []  # the lease still holds
    h.clock.advance(46)
    await h.container.webhooks.deliver(run.run_id)
    assert len(h.http.sent) == 1
    assert h.container.store.get_run(run.run_id).webhook_state == "sent"


async def test_a_refused_url_is_not_tried_again(harness_factory):
    h = harness_factory(
        ScriptedEngine([StepOutcome(decision="complete")]), settings={"allow_private_urls": False}
    )
    run = h.new_run(webhook_url="http://10.0.0.5/hook")
    await run_to_end(h, run)
    await h.container.webhooks.deliver(run.run_id)
    stored = h.container.store.get_run(run.run_id)
    assert (stored.webhook_state, stored.webhook_attempts) == ("failed", 1)


async def test_with_less_time_left_than_one_attempt_nothing_is_claimed(harness_factory):
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete")]))
    run = h.new_run(webhook_url=HOOK)
    await run_to_end(h, run)
    await h.container.webhooks.deliver(run.run_id, budget_seconds=9)  # the timeout is 10 s
    assert h.http.sent == []
    assert h.container.store.get_run(run.run_id).webhook_state == "pending"
    await h.container.webhooks.deliver(run.run_id, budget_seconds=10)
    assert len(h.http.sent) == 1
