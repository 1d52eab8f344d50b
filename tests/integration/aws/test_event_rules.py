"""The template's EventBridge rule patterns, routed by moto to an SQS target."""

import json

import boto3
import pytest
from moto import mock_aws

from tests.integration.aws.stack import REGION, rule_pattern, sample_event

pytestmark = pytest.mark.integration

MACHINE_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:stratus-dev-run"


@pytest.fixture
def route(monkeypatch):
    """route(pattern, events) -> the events the rule delivered to its queue."""
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        sqs = boto3.client("sqs")
        events = boto3.client("events")

        def deliver(pattern: dict, sent: list[dict]) -> list[dict]:
            queue = sqs.create_queue(QueueName=f"q{len(sent)}-{id(pattern)}")["QueueUrl"]
            arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])
            rule = f"rule-{id(pattern)}"
            events.put_rule(Name=rule, EventPattern=json.dumps(pattern))
            events.put_targets(
                Rule=rule, Targets=[{"Id": "q", "Arn": arn["Attributes"]["QueueArn"]}]
            )
            for event in sent:
                events.put_events(
                    Entries=[
                        {
                            "Source": event["source"],
                            "DetailType": event["detail-type"],
                            "Detail": json.dumps(event["detail"]),
                        }
                    ]
                )
            got = []
            while messages := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get(
                "Messages", []
            ):
                for message in messages:
                    got.append(json.loads(message["Body"]))
                    sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
            return got

        yield deliver


def variant(event: dict, **changes) -> dict:
    copy = json.loads(json.dumps(event))
    for key, value in changes.items():
        if key == "detail":
            copy["detail"].update(value)
        else:
            copy[key.replace("_", "-")] = value
    return copy


def test_run_finished_rule_routes_only_run_finished_events(route) -> None:
    pattern = rule_pattern("WebhookFunction", "RunFinished", refs={"Stage": "dev"})
    finished = sample_event("run_finished.json")
    others = [
        variant(finished, detail_type="Run Started"),
        variant(finished, source="someone.else"),
        variant(finished, source="stratus.prod"),  # another stage's stack
        sample_event("execution_status_change.json"),
    ]
    got = route(pattern, [finished, *others])
    assert [(e["source"], e["detail-type"]) for e in got] == [("stratus.dev", "Run Finished")]
    assert got[0]["detail"] == finished["detail"]


def test_reply_rule_routes_only_finished_runs_that_named_a_destination(route) -> None:
    pattern = rule_pattern("ReplyFunction", "RunFinished", refs={"Stage": "dev"})
    finished = sample_event("run_finished.json")
    queue = "arn:aws:sqs:us-east-1:123456789012:partner-results"
    replying = variant(finished, detail={"reply_to": queue, "idempotency_key": "order-1"})
    others = [
        finished,  # reply_to null
        variant(replying, source="stratus.prod"),
        variant(replying, detail_type="Run Request Refused"),
    ]
    got = route(pattern, [replying, *others])
    assert [e["detail"]["reply_to"] for e in got] == [queue]


def test_status_change_rule_takes_only_this_machines_dead_executions(route) -> None:
    pattern = rule_pattern(
        "FinalizeFunction", "ExecutionDied", refs={"RunStateMachine": MACHINE_ARN}
    )
    base = sample_event("execution_status_change.json")
    base["detail"]["stateMachineArn"] = MACHINE_ARN
    sent = [
        variant(base, detail={"status": status, "name": f"tsk_{i}"})
        for i, status in enumerate(["FAILED", "TIMED_OUT", "ABORTED", "SUCCEEDED", "RUNNING"])
    ]
    other_machine = variant(
        base,
        detail={"status": "FAILED", "stateMachineArn": MACHINE_ARN + "-other", "name": "tsk_9"},
    )
    got = route(pattern, [*sent, other_machine, sample_event("run_finished.json")])
    assert sorted(e["detail"]["name"] for e in got) == ["tsk_0", "tsk_1", "tsk_2"]
