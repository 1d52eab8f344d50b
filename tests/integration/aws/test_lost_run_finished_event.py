"""The step that ends a run fails to publish "Run Finished" (EventBridge throttles, the
network drops, the function dies right after the write): the run still gets exactly one
event and one webhook, through the finalize function the state machine's Catch calls."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from moto import mock_aws

from stratus.adapters.aws.eventbridge import PublishFailed
from stratus.domain.status import RunStatus
from tests.fakes.runtime import ScriptedEngine, screenshot_outcome
from tests.integration.aws.harness import FINALIZE_FUNCTION, MOTO_CONFIG, build_stack
from tests.integration.aws.test_state_machine import (
    assert_one_webhook,
    finished,
    start_run,
    status_change,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def aws():
    with mock_aws(config=MOTO_CONFIG):
        yield


def test_a_run_whose_finished_event_was_lost_is_announced_once(aws, monkeypatch) -> None:
    stack = build_stack(monkeypatch, ScriptedEngine([screenshot_outcome("complete")]))
    events = stack.containers["browser"].events
    published = events.publish_run_finished
    failures: list[str] = []

    def publish_fails_once(run):
        if not failures:
            failures.append(run.run_id)
            raise PublishFailed("ThrottlingException: Rate exceeded")
        published(run)

    monkeypatch.setattr(events, "publish_run_finished", publish_fails_once)
    run_id, raw_key = start_run(stack)
    execution, run = finished(stack, run_id)
    assert failures == [run_id]
    assert run.status is RunStatus.completed  # the terminal write itself held
    assert execution["status"] == "FAILED"  # the step's error went to the Catch
    assert stack.dispatcher.count(FINALIZE_FUNCTION) == 1
    # the rule on the execution's end calls finalize again: nothing more is announced
    reply = stack.modules["finalize"].handler(status_change(stack, run_id, "FAILED"), None)
    assert reply["changed"] is False
    assert_one_webhook(stack, run_id, RunStatus.completed, raw_key)


def test_a_run_announced_normally_is_not_announced_again(aws, monkeypatch) -> None:
    stack = build_stack(monkeypatch, ScriptedEngine([screenshot_outcome("complete")]))
    run_id, raw_key = start_run(stack)
    execution, run = finished(stack, run_id)
    assert execution["status"] == "SUCCEEDED" and run.status is RunStatus.completed
    reply = stack.modules["finalize"].handler(status_change(stack, run_id, "FAILED"), None)
    assert reply["changed"] is False
    assert_one_webhook(stack, run_id, RunStatus.completed, raw_key)


def test_the_webhook_function_tries_once_and_the_sweeper_retries_when_due(aws, monkeypatch) -> None:
    """A receiver answering 503 with Retry-After: 300: the webhook function makes one
    attempt and leaves the webhook pending with its due time in DynamoDB; the sweeper sends
    nothing before that time, and the second attempt (same webhook-id) once it has come."""
    sweeper_clock = ShiftedClock()
    stack = build_stack(
        monkeypatch, ScriptedEngine([screenshot_outcome("complete")]), sweeper_clock=sweeper_clock
    )
    stack.http.statuses = [503, 200]
    stack.http.response_headers = {"Retry-After": "300"}
    run_id, _ = start_run(stack)
    finished(stack, run_id)
    (event,) = stack.run_finished_events()
    context = SimpleNamespace(get_remaining_time_in_millis=lambda: 900_000)
    reply = stack.modules["webhook"].handler(event, context)
    assert reply["webhook_state"] == "pending" and len(stack.http.sent) == 1
    run = stack.containers["api"].store.get_run(run_id)
    assert run.webhook_attempts == 1
    assert run.webhook_next_attempt_at - run.finished_at >= timedelta(seconds=300)

    sweep = SimpleNamespace(get_remaining_time_in_millis=lambda: 300_000)
    sweeper_clock.shift = timedelta(minutes=2)
    assert stack.modules["sweeper"].handler({}, sweep)["webhooks"] == []
    sweeper_clock.shift = timedelta(minutes=6)
    assert stack.modules["sweeper"].handler({}, sweep)["webhooks"] == [run_id]
    assert [sent.headers["webhook-id"] for sent in stack.http.sent] == [f"msg_{run_id}"] * 2
    assert stack.containers["api"].store.get_run(run_id).webhook_state == "sent"


def test_the_webhook_function_claims_nothing_without_time_for_one_attempt(aws, monkeypatch) -> None:
    stack = build_stack(monkeypatch, ScriptedEngine([screenshot_outcome("complete")]))
    run_id, _ = start_run(stack)
    finished(stack, run_id)
    (event,) = stack.run_finished_events()
    # 35 s left: 30 kept back for the reply leaves less than one attempt's 10 s timeout
    context = SimpleNamespace(get_remaining_time_in_millis=lambda: 35_000)
    reply = stack.modules["webhook"].handler(event, context)
    assert reply["webhook_state"] == "pending" and stack.http.sent == []


class ShiftedClock:
    """Real time, moved forward by ``shift`` (the sweeper of a later minute)."""

    def __init__(self) -> None:
        self.shift = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.shift
