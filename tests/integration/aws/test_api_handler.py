"""The api function through Mangum, answering the API Gateway (HTTP API v2) events in events/."""

import json

import pytest
from moto import mock_aws

from tests.fakes.runtime import ScriptedEngine, screenshot_outcome
from tests.integration.aws.harness import build_stack

pytestmark = pytest.mark.integration


@pytest.fixture
def stack(monkeypatch):
    with mock_aws():  # executions are recorded, not run: the API alone is under test
        yield build_stack(monkeypatch, ScriptedEngine([screenshot_outcome("complete")]))


@pytest.fixture
def api_key(stack) -> str:
    _, raw_key = stack.containers["api"].keys.create_key("api-test")
    return raw_key


def body(reply: dict) -> dict:
    return json.loads(reply["body"])


def test_health_needs_no_key(stack) -> None:
    reply = stack.api("api_health.json", api_key="")
    assert reply["statusCode"] == 200


def test_unknown_key_is_refused(stack) -> None:
    reply = stack.api("api_run_task.json", api_key="sk-not-a-key")
    assert reply["statusCode"] == 403


def test_create_then_get_a_run(stack, api_key) -> None:
    created = stack.api("api_run_task.json", api_key=api_key)
    assert created["statusCode"] == 200, created["body"]
    run = body(created)
    assert run["status"] == "queued" and run["run_id"].startswith("tsk_")
    # the run's execution was started, named after the run
    execution = stack.sfn.describe_execution(
        executionArn=stack.state_machine_arn.replace(":stateMachine:", ":execution:")
        + f":{run['run_id']}"
    )
    assert json.loads(execution["input"]) == {"run_id": run["run_id"]}

    got = stack.api("api_get_run.json", api_key=api_key, path=f"/v1/runs/{run['run_id']}")
    assert got["statusCode"] == 200
    assert body(got)["run_id"] == run["run_id"]
    assert body(got)["run_request"]["webhook_url"] == "https://hooks.example.com/stratus"


def test_another_organizations_run_is_not_found(stack, api_key) -> None:
    run_id = body(stack.api("api_run_task.json", api_key=api_key))["run_id"]
    _, other_key = stack.containers["api"].keys.create_key("other-org")
    reply = stack.api("api_get_run.json", api_key=other_key, path=f"/v1/runs/{run_id}")
    assert reply["statusCode"] == 404


def test_list_tasks_and_cancel(stack, api_key) -> None:
    run_id = body(stack.api("api_run_task.json", api_key=api_key))["run_id"]
    listed = stack.api("api_list_tasks.json", api_key=api_key)
    assert listed["statusCode"] == 200
    assert [task["task_id"] for task in body(listed)] == [run_id]
    canceled = stack.api("api_cancel_run.json", api_key=api_key, path=f"/v1/runs/{run_id}/cancel")
    assert canceled["statusCode"] == 200, canceled["body"]
    assert stack.containers["api"].store.get_run(run_id).status.value == "canceled"
    execution = stack.sfn.list_executions(stateMachineArn=stack.state_machine_arn)["executions"]
    assert [(e["name"], e["status"]) for e in execution] == [(run_id, "ABORTED")]
