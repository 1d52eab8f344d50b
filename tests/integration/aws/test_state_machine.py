"""The real state machine (statemachine/run.asl.json) executed by moto, invoking the
project's own handlers: every run ends with the right status and exactly one webhook."""

import hashlib
import hmac
import json

import pytest
from moto import mock_aws

from stratus.domain.engine import StepOutcome
from stratus.domain.status import RunStatus
from tests.fakes.runtime import ScriptedEngine, screenshot_outcome
from tests.integration.aws import stack as files
from tests.integration.aws.harness import (
    BROWSER_FUNCTION,
    FINALIZE_FUNCTION,
    MOTO_CONFIG,
    Stack,
    build_stack,
)

pytestmark = pytest.mark.integration

WEBHOOK_URL = "https://hooks.example.com/stratus"


@pytest.fixture
def aws():
    with mock_aws(config=MOTO_CONFIG):
        yield


def start_run(stack: Stack, *, max_steps: int = 10, raw_key: str = "") -> tuple[str, str]:
    """Creates an API key in the store, then POST /v1/run/tasks through the api handler."""
    if not raw_key:
        _, raw_key = stack.containers["api"].keys.create_key("ci")
    event_body = {
        "prompt": "Find the price",
        "url": "https://shop.example.com/",
        "engine": "skyvern-1.0",
        "max_steps": max_steps,
        "webhook_url": WEBHOOK_URL,
    }
    event = files.sample_event("api_run_task.json")
    event["headers"]["x-api-key"] = raw_key
    event["body"] = json.dumps(event_body)
    reply = stack.modules["api"].handler(event, None)
    assert reply["statusCode"] == 200, reply["body"]
    return json.loads(reply["body"])["run_id"], raw_key


def finished(stack: Stack, run_id: str) -> tuple[dict, object]:
    execution = stack.wait_for_execution(run_id)
    return execution, stack.containers["api"].store.get_run(run_id)


def assert_one_webhook(stack: Stack, run_id: str, status: RunStatus, raw_key: str) -> dict:
    events = stack.deliver_webhooks(repeat=2)
    assert [e["detail"]["run_id"] for e in events] == [run_id]
    assert events[0]["detail"]["status"] == status.value
    assert len(stack.http.sent) == 1
    sent = stack.http.sent[0]
    assert sent.url == WEBHOOK_URL
    body = json.loads(sent.body)
    assert body["run_id"] == run_id and body["status"] == status.value
    expected = hmac.new(raw_key.encode(), sent.body, hashlib.sha256).hexdigest()
    assert sent.headers["x-skyvern-signature"] == expected
    assert stack.containers["webhook"].store.get_run(run_id).webhook_state == "sent"
    return body


def test_a_completed_run(aws, monkeypatch) -> None:
    engine = ScriptedEngine(
        [
            screenshot_outcome(),
            screenshot_outcome(),
            screenshot_outcome("complete", output={"p": 1}),
        ]
    )
    stack = build_stack(monkeypatch, engine)
    run_id, raw_key = start_run(stack)
    execution, run = finished(stack, run_id)
    assert execution["status"] == "SUCCEEDED"
    assert run.status is RunStatus.completed and run.step_count == 3
    assert stack.dispatcher.count(BROWSER_FUNCTION) == 3
    assert stack.dispatcher.count(FINALIZE_FUNCTION) == 0
    body = assert_one_webhook(stack, run_id, RunStatus.completed, raw_key)
    assert body["output"] == {"p": 1}
    # screenshots went to S3 and come back as presigned URLs
    reply = stack.api("api_get_run.json", api_key=raw_key, path=f"/v1/runs/{run_id}")
    got = json.loads(reply["body"])
    assert got["status"] == "completed"
    assert got["screenshot_urls"] and "X-Amz-Signature=" in got["screenshot_urls"][0]


def test_a_run_that_hits_max_steps(aws, monkeypatch) -> None:
    stack = build_stack(monkeypatch, ScriptedEngine([screenshot_outcome()]))
    run_id, raw_key = start_run(stack, max_steps=3)
    execution, run = finished(stack, run_id)
    assert execution["status"] == "SUCCEEDED"
    assert run.status is RunStatus.failed
    assert "maximum of 3 steps" in run.failure_reason
    assert run.step_count == 3
    assert_one_webhook(stack, run_id, RunStatus.failed, raw_key)


def test_a_run_canceled_mid_run(aws, monkeypatch) -> None:
    holder: dict[str, str] = {}

    def cancel_then_continue(ctx):
        if ctx.step.order == 1:  # the second step: the user cancels through the API
            reply = stack.api(
                "api_cancel_run.json",
                api_key=holder["key"],
                path=f"/v1/runs/{ctx.run.run_id}/cancel",
            )
            assert reply["statusCode"] == 200, reply["body"]
        return screenshot_outcome()

    stack = build_stack(monkeypatch, ScriptedEngine([cancel_then_continue]))
    _, holder["key"] = stack.containers["api"].keys.create_key("cancel")
    run_id, raw_key = start_run(stack, raw_key=holder["key"])
    execution, run = finished(stack, run_id)
    assert run.status is RunStatus.canceled
    assert run.step_count == 2
    # the API stopped the execution, or the step boundary ended it: either way it is over
    assert execution["status"] == "ABORTED"  # the API stopped the execution
    # the rule on the execution's end calls finalize too: the run already ended, it stays so
    reply = stack.modules["finalize"].handler(status_change(stack, run_id, "ABORTED"), None)
    assert reply["changed"] is False
    assert_one_webhook(stack, run_id, RunStatus.canceled, raw_key)


def status_change(stack: Stack, run_id: str, status: str) -> dict:
    event = files.sample_event("execution_status_change.json")
    arn = stack.state_machine_arn.replace(":stateMachine:", ":execution:") + f":{run_id}"
    event["resources"] = [arn]
    event["detail"].update(
        executionArn=arn, stateMachineArn=stack.state_machine_arn, name=run_id, status=status
    )
    return event


def test_an_execution_stopped_behind_the_runs_back_fails_it_once(aws, monkeypatch) -> None:
    """The execution dies (stopped outside the API) while the run is running: the
    status-change rule's finalize ends the run, exactly once."""

    def stop_execution(ctx):
        arn = stack.state_machine_arn.replace(":stateMachine:", ":execution:")
        stack.sfn.stop_execution(executionArn=f"{arn}:{ctx.run.run_id}")
        return screenshot_outcome()

    stack = build_stack(monkeypatch, ScriptedEngine([stop_execution]))
    run_id, raw_key = start_run(stack)
    execution, run = finished(stack, run_id)
    assert execution["status"] == "ABORTED"
    assert run.status is RunStatus.running  # nothing ended it yet
    event = status_change(stack, run_id, "ABORTED")
    first = stack.modules["finalize"].handler(event, None)
    again = stack.modules["finalize"].handler(event, None)  # EventBridge may deliver twice
    assert first == {"run_id": run_id, "changed": True, "status": "failed"}
    assert again["changed"] is False
    run = stack.containers["api"].store.get_run(run_id)
    assert run.failure_reason == "the run's execution was stopped"
    assert_one_webhook(stack, run_id, RunStatus.failed, raw_key)


def test_a_step_whose_engine_crashes_is_retried_then_fails_the_run(aws, monkeypatch) -> None:
    def crash(ctx):
        raise RuntimeError("page exploded")

    stack = build_stack(monkeypatch, ScriptedEngine([crash]))
    run_id, raw_key = start_run(stack)
    execution, run = finished(stack, run_id)
    assert execution["status"] == "SUCCEEDED"
    assert run.status is RunStatus.failed
    assert "page exploded" in run.failure_reason
    assert stack.dispatcher.count(BROWSER_FUNCTION) == 3  # the first try and two retries
    assert_one_webhook(stack, run_id, RunStatus.failed, raw_key)


def test_a_dying_step_function_fails_the_run_through_the_catch(aws, monkeypatch) -> None:
    stack = build_stack(monkeypatch, ScriptedEngine([screenshot_outcome()]))
    stack.dispatcher.crash_on.add((BROWSER_FUNCTION, 2))
    run_id, raw_key = start_run(stack)
    execution, run = finished(stack, run_id)
    assert execution["status"] == "FAILED"
    assert run.status is RunStatus.failed
    assert "Runtime.ExitError" in run.failure_reason
    assert "signal: killed" in run.failure_reason
    assert stack.dispatcher.count(FINALIZE_FUNCTION) == 1
    assert_one_webhook(stack, run_id, RunStatus.failed, raw_key)


def test_the_step_report_drives_the_loop(aws, monkeypatch) -> None:
    stack = build_stack(monkeypatch, ScriptedEngine([StepOutcome(decision="complete")]))
    run_id, _ = start_run(stack)
    finished(stack, run_id)
    name, event = stack.dispatcher.invocations[0]
    assert name == BROWSER_FUNCTION and event["run_id"] == run_id
    # each call names its execution and state entry: the step's idempotency key
    assert event["call"]["execution"].endswith(f":{run_id}")
    assert event["call"]["entered"]
