"""Learned scripts on the moto stack: a run completed by the state machine is recorded in
the runs table, and the API (built by the real composition root in aws mode) then accepts
``run_with: "code"``, whose step finds that script."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from moto import mock_aws

from stratus.bootstrap import build_container
from stratus.domain.engine import StepOutcome
from stratus.domain.models import ActionRecord
from stratus.domain.snapshot import ElementInfo
from stratus.domain.status import RunStatus
from stratus.ports import StepContext
from stratus.scripts.service import ScriptService
from stratus.services.engines import BUILTIN, REPLAY, EngineRegistry
from tests.fakes.runtime import FakeBrowserProvider, ScriptedEngine
from tests.integration.aws import stack as files
from tests.integration.aws.harness import MOTO_CONFIG, Stack, build_stack

pytestmark = pytest.mark.integration

URL = "https://jobs.example.com/apply/"
GOAL = "Apply with Name: {name} and Email: {email}"


@pytest.fixture
def aws():
    with mock_aws(config=MOTO_CONFIG):
        yield


def filled_the_form(ctx: StepContext) -> StepOutcome:
    """What an agent reports after typing the run's email into the form and submitting."""
    email = ElementInfo(id="e1", tag="input", role="textbox", type="email", name="Email")
    submit = ElementInfo(id="e2", tag="button", role="button", name="Apply")
    typed = ctx.run.spec.goal.rsplit(" ", 1)[-1]
    return StepOutcome(
        decision="complete",
        output={"message": "Application received"},
        actions=[
            ActionRecord(
                action_type="input_text", params={"text": typed, "target": email.model_dump()}
            ),
            ActionRecord(action_type="click", params={"target": submit.model_dump()}),
        ],
    )


class ScriptLookup:
    """Stands in for replaying on a page: completes with the script its step found."""

    def __init__(self, scripts: ScriptService) -> None:
        self.scripts = scripts

    async def step(self, ctx: StepContext) -> StepOutcome:
        script = self.scripts.find_for(ctx.run)
        if script is None:
            return StepOutcome(decision="fail", failure_reason="no script")
        return StepOutcome(decision="complete", output={"script_id": script.script_id})


def with_composed_api(stack: Stack, monkeypatch: Any) -> Any:
    """The api function's container as deployed: engines and scripts from the composition root."""
    api = build_container(stack.settings, browser=FakeBrowserProvider(), http=stack.http, llm=None)
    monkeypatch.setattr(
        stack.modules["api"], "bootstrap", SimpleNamespace(get_container=lambda: api)
    )
    stack.containers["api"] = api
    return api


def with_replaying_browser(stack: Stack, monkeypatch: Any, engine: ScriptedEngine) -> Any:
    """The browser function's container, whose replay engine reads the container's scripts."""
    browser_module = stack.modules["browser"]
    holder: dict[str, Any] = {}
    registry = EngineRegistry(
        stack.settings,
        {
            BUILTIN: lambda: engine,
            "skyvern-1.0": lambda: engine,
            REPLAY: lambda: ScriptLookup(holder["container"].scripts),
        },
    )
    container = build_container(
        stack.settings,
        engines=registry,
        browser=FakeBrowserProvider(),
        http=stack.http,
        llm=None,
        owner=browser_module.DIRECT_CALL,
    )
    holder["container"] = container
    monkeypatch.setattr(browser_module, "_container", container)
    stack.containers["browser"] = container
    return container


def post_task(stack: Stack, raw_key: str, **fields: Any) -> dict[str, Any]:
    event = files.sample_event("api_run_task.json")
    event["headers"]["x-api-key"] = raw_key
    event["body"] = json.dumps({"url": URL, "engine": "skyvern-1.0", **fields})
    return stack.modules["api"].handler(event, None)


def completed(stack: Stack, run_id: str) -> Any:
    execution = stack.wait_for_execution(run_id)
    run = stack.containers["api"].store.get_run(run_id)
    assert execution["status"] == "SUCCEEDED", execution
    assert run.status is RunStatus.completed, run.failure_reason
    return run


def test_a_completed_run_is_learned_and_replayed_with_run_with_code(aws, monkeypatch) -> None:
    stack = build_stack(monkeypatch, ScriptedEngine([filled_the_form]))
    api = with_composed_api(stack, monkeypatch)
    browser = with_replaying_browser(stack, monkeypatch, stack.engine)
    assert api.settings.mode == "aws" and api.engines.can_replay
    _, raw_key = api.keys.create_key("ci")

    learned_reply = post_task(stack, raw_key, prompt=GOAL.format(name="Chris", email="c@p.com"))
    assert learned_reply["statusCode"] == 200, learned_reply["body"]
    learned = completed(stack, json.loads(learned_reply["body"])["run_id"])

    # Recorded by the browser function, read back by the api function: both in DynamoDB.
    script = api.scripts.find_for(learned)
    assert script is not None and script.source_run_id == learned.run_id
    assert [a.action_type for a in script.steps] == ["input_text", "click"]
    assert script.steps[0].value_binding.fact == "Email"
    assert [s.script_id for s in api.scripts.list(learned.organization_id)] == [script.script_id]

    replay_reply = post_task(
        stack, raw_key, prompt=GOAL.format(name="Ann", email="ann@lee.io"), run_with="code"
    )
    assert replay_reply["statusCode"] == 200, replay_reply["body"]
    replayed = completed(stack, json.loads(replay_reply["body"])["run_id"])
    assert replayed.run_with == "code"
    assert replayed.output == {"script_id": script.script_id}
    assert len(stack.engine.calls) == 1  # the replayed run asked no agent
    assert browser.scripts is not api.scripts


def test_run_with_code_without_a_learned_script_fails_with_a_reason(aws, monkeypatch) -> None:
    stack = build_stack(monkeypatch, ScriptedEngine([filled_the_form]))
    with_composed_api(stack, monkeypatch)
    browser_module = stack.modules["browser"]
    # The browser function exactly as composed: the real replay engine, with no model.
    composed = build_container(
        stack.settings,
        browser=FakeBrowserProvider(),
        http=stack.http,
        llm=None,
        owner=browser_module.DIRECT_CALL,
    )
    monkeypatch.setattr(browser_module, "_container", composed)
    _, raw_key = stack.containers["api"].keys.create_key("ci")

    reply = post_task(stack, raw_key, prompt="Apply with Email: x@y.io", run_with="code")
    assert reply["statusCode"] == 200, reply["body"]
    run_id = json.loads(reply["body"])["run_id"]
    stack.wait_for_execution(run_id)
    run = stack.containers["api"].store.get_run(run_id)
    assert run.status is RunStatus.failed
    assert "no learned script" in (run.failure_reason or "")


def test_the_functions_that_record_and_replay_may_read_and_write_the_table() -> None:
    """The script store uses GetItem, PutItem, Query (also on by_org, to list) and
    BatchWriteItem. The api function has SAM's DynamoDBCrudPolicy (table and indexes); the
    browser function, which only finds and saves, has them on SCRIPTS# items of the table."""
    policies = files.resource("ApiFunction")["Properties"]["Policies"]
    crud = [p["DynamoDBCrudPolicy"] for p in policies if "DynamoDBCrudPolicy" in p]
    assert [dict(p) for p in crud] == [{"TableName": {"Ref": "RunsTable"}}]
    statements = [
        s
        for p in files.resource("BrowserFunction")["Properties"]["Policies"]
        if isinstance(p, dict) and "Statement" in p
        for s in p["Statement"]
    ]
    (items,) = [s for s in statements if s.get("Sid") == "RunItemsOnly"]
    assert {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"} <= set(items["Action"])
    assert "dynamodb:BatchWriteItem" in items["Action"]
    assert items["Resource"] == {"Fn::GetAtt": ["RunsTable", "Arn"]}
    leading = items["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]
    assert "SCRIPTS#*" in leading
