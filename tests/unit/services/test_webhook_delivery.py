"""Webhook delivery on its schedule: one POST per attempt, the schedule kept on the run, one
webhook-id across attempts and resends, and a deliverer that dies after its POST."""

from __future__ import annotations

from datetime import timedelta

import pytest

from stratus.domain.engine import StepOutcome
from tests.fakes.runtime import ScriptedEngine

pytestmark = pytest.mark.unit

HOOK = "http://127.0.0.1:9/hook"


class Died(BaseException):
    """The deliverer's process ended here (nothing after it ran)."""


async def finished_run(h, **fields):
    run = h.new_run(webhook_url=HOOK, **fields)
    for _ in range(10):
        if (await h.container.execution.run_step(run.run_id)).done:
            break
    return run


def stored(h, run):
    return h.container.store.get_run(run.run_id)


async def test_each_attempt_is_one_post_and_the_next_waits_on_the_schedule(harness_factory):
    h = harness_factory(
        ScriptedEngine([StepOutcome(decision="complete")]),
        statuses=[503, ConnectionError("refused"), 200],
    )
    run = await finished_run(h)
    webhooks = h.container.webhooks
    assert webhooks.due_run_ids() == [run.run_id]

    await webhooks.deliver(run.run_id)
    assert len(h.http.sent) == 1
    first = stored(h, run)
    assert (first.webhook_state, first.webhook_attempts) == ("pending", 1)
    wait = first.webhook_next_attempt_at - h.clock.now()
    assert timedelta(seconds=4) <= wait <= timedelta(seconds=6)  # 5 s, jittered
    assert webhooks.due_run_ids() == []
    await webhooks.deliver(run.run_id)  # not due yet: nothing is sent
    assert len(h.http.sent) == 1

    h.clock.advance(6)
    assert webhooks.due_run_ids() == [run.run_id]
    await webhooks.deliver(run.run_id)
    second = stored(h, run)
    assert (second.webhook_state, second.webhook_attempts) == ("pending", 2)
    wait = second.webhook_next_attempt_at - h.clock.now()
    assert timedelta(seconds=240) <= wait <= timedelta(seconds=360)  # 5 min, jittered

    h.clock.advance(361)
    await webhooks.deliver(run.run_id)
    done = stored(h, run)
    assert (done.webhook_state, done.webhook_attempts, done.webhook_next_attempt_at) == (
        "sent",
        3,
        None,
    )
    assert done.lease_owner is None
    attempts = h.container.store.list_webhook_attempts(run.run_id)
    assert [a.status_code for a in attempts] == [503, None, 200]
    assert [a.attempt_number for a in attempts] == [1, 2, 3]
    assert [a.attempts_remaining for a in attempts] == [7, 6, 0]
    assert attempts[0].next_attempt_at == first.webhook_next_attempt_at
    assert attempts[2].next_attempt_at is None
    ids = {a.request_headers["webhook-id"] for a in attempts}
    assert ids == {f"msg_{run.run_id}"}  # one id for the event, on every attempt


async def test_after_the_last_attempt_the_webhook_is_failed(harness_factory):
    h = harness_factory(
        ScriptedEngine([StepOutcome(decision="complete")]),
        settings={"webhook_retry_schedule_seconds": [1, 1]},
        statuses=[500],
    )
    run = await finished_run(h)
    for _ in range(6):
        await h.container.webhooks.deliver(run.run_id)
        h.clock.advance(2)
    assert len(h.http.sent) == 3
    assert (stored(h, run).webhook_state, stored(h, run).webhook_attempts) == ("failed", 3)
    assert h.container.webhooks.due_run_ids() == []


async def test_retry_after_pushes_the_next_attempt_back(harness_factory):
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete")]), statuses=[429, 200])
    h.http.response_headers = {"Retry-After": "3600"}
    run = await finished_run(h)
    await h.container.webhooks.deliver(run.run_id)
    assert stored(h, run).webhook_next_attempt_at == h.clock.now() + timedelta(hours=1)
    h.clock.advance(3599)
    await h.container.webhooks.deliver(run.run_id)
    assert len(h.http.sent) == 1
    h.clock.advance(1)
    await h.container.webhooks.deliver(run.run_id)
    assert stored(h, run).webhook_state == "sent"


async def test_a_deliverer_that_dies_after_the_post_resends_with_the_same_id(harness_factory):
    """The POST reached the receiver, and the deliverer died before recording the result:
    the claim lapses and the next deliverer sends the same webhook-id again (at least once;
    the receiver de-duplicates)."""
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete")]))
    run = await finished_run(h)
    store = h.container.store
    recording = store.add_webhook_attempt

    def die(attempt):
        raise Died

    store.add_webhook_attempt = die
    with pytest.raises(Died):
        await h.container.webhooks.deliver(run.run_id)
    store.add_webhook_attempt = recording
    assert len(h.http.sent) == 1
    left = stored(h, run)
    assert (left.webhook_state, left.webhook_attempts) == ("delivering", 1)

    await h.container.webhooks.deliver(run.run_id)  # the dead deliverer's claim still holds
    assert len(h.http.sent) == 1
    assert h.container.webhooks.due_run_ids() == []
    h.clock.advance(10 + 30 + 1)  # one attempt's timeout and the margin: the claim lapsed
    assert h.container.webhooks.due_run_ids() == [run.run_id]
    await h.container.webhooks.deliver(run.run_id)
    assert len(h.http.sent) == 2
    first, second = (sent.headers for sent in h.http.sent)
    assert first["webhook-id"] == second["webhook-id"] == f"msg_{run.run_id}"
    assert h.http.sent[0].body == h.http.sent[1].body
    done = stored(h, run)
    assert (done.webhook_state, done.webhook_attempts) == ("sent", 2)


async def test_a_dead_deliverers_last_attempt_ends_failed_without_another(harness_factory):
    h = harness_factory(
        ScriptedEngine([StepOutcome(decision="complete")]),
        settings={"webhook_retry_schedule_seconds": []},
    )
    run = await finished_run(h)
    h.container.store.update_run(
        run.run_id,
        {
            "webhook_state": "delivering",
            "webhook_attempts": 1,
            "lease_owner": "dead-worker",
            "lease_expires_at": h.clock.now() - timedelta(seconds=1),
        },
    )
    await h.container.webhooks.deliver(run.run_id)
    assert h.http.sent == []
    assert stored(h, run).webhook_state == "failed"


async def test_a_resend_keeps_the_id_reports_the_schedule_and_ends_a_waiting_one(harness_factory):
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete")]), statuses=[503, 200])
    run = await finished_run(h)
    await h.container.webhooks.deliver(run.run_id)
    waiting = stored(h, run)
    assert waiting.webhook_state == "pending"

    report = await h.container.webhooks.retry(waiting)
    assert report.response.status_code == 200
    assert report.request.headers["webhook-id"] == f"msg_{run.run_id}"
    assert report.schedule.webhook_id == f"msg_{run.run_id}"
    assert (report.schedule.state, report.schedule.attempts_made) == ("sent", 1)
    assert (report.schedule.attempts_remaining, report.schedule.next_attempt_at) == (0, None)
    assert stored(h, run).webhook_state == "sent"
    resend = h.container.store.list_webhook_attempts(run.run_id)[-1]
    assert (resend.trigger, resend.attempt_number) == ("retry", None)
    h.clock.advance(3600)
    await h.container.webhooks.deliver(run.run_id)  # nothing left on the schedule
    assert len(h.http.sent) == 2


async def test_a_failed_resend_leaves_the_schedule_as_it_was(harness_factory):
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete")]), statuses=[503])
    run = await finished_run(h)
    await h.container.webhooks.deliver(run.run_id)
    before = stored(h, run)
    report = await h.container.webhooks.retry(before)
    assert report.schedule.state == "pending"
    assert report.schedule.attempts_made == 1 and report.schedule.attempts_remaining == 7
    assert report.schedule.next_attempt_at == before.webhook_next_attempt_at
    assert stored(h, run).webhook_attempts == 1
