"""Replies to a requested run's reply_to, end to end on moto: the request names an SQS queue
or SNS topic its organization allows, the run goes through the real state machine, the
template's reply rule hands the "Run Finished" event to the reply function, and the
destination receives the detail with the idempotency key, once."""

import json

import boto3
import pytest
from moto import mock_aws

from tests.fakes.runtime import ScriptedEngine, screenshot_outcome
from tests.integration.aws import stack as files
from tests.integration.aws.harness import ACCOUNT, MOTO_CONFIG, Stack, build_stack

pytestmark = pytest.mark.integration

ORG = "o_partner"
SOURCES = f"account:{ACCOUNT}={ORG}"
QUEUE_ARN = f"arn:aws:sqs:{files.REGION}:{ACCOUNT}:partner-results"
TOPIC_ARN = f"arn:aws:sns:{files.REGION}:{ACCOUNT}:partner-results"


@pytest.fixture
def aws():
    with mock_aws(config=MOTO_CONFIG):
        yield


def completing_engine() -> ScriptedEngine:
    return ScriptedEngine([screenshot_outcome(), screenshot_outcome("complete", output={"p": 1})])


def request(key: str, reply_to: str) -> dict:
    detail = dict(files.sample_event("run_requested.json")["detail"])
    detail["idempotency_key"] = key
    detail["reply_to"] = reply_to
    return detail


def partner_queue() -> str:
    return boto3.client("sqs", region_name=files.REGION).create_queue(QueueName="partner-results")[
        "QueueUrl"
    ]


def received(queue_url: str) -> list[dict]:
    sqs = boto3.client("sqs", region_name=files.REGION)
    reply = sqs.receive_message(
        QueueUrl=queue_url, MaxNumberOfMessages=10, MessageAttributeNames=["All"]
    )
    return reply.get("Messages", [])


def replying_stack(monkeypatch, *, granted: str = f"{QUEUE_ARN},{TOPIC_ARN}") -> Stack:
    return build_stack(
        monkeypatch,
        completing_engine(),
        request_sources=SOURCES,
        reply_destinations=f"{ORG}={QUEUE_ARN},{ORG}={TOPIC_ARN}",
        reply_destination_arns=granted,
    )


def finish(stack: Stack, key: str, reply_to: str) -> str:
    (reply,) = stack.request_by_event(request(key, reply_to))
    assert reply["created"] is True
    run_id = reply["run_id"]
    assert stack.wait_for_execution(run_id)["status"] == "SUCCEEDED"
    return run_id


def test_an_allowed_queue_receives_the_result_once(aws, monkeypatch) -> None:
    queue_url = partner_queue()
    stack = replying_stack(monkeypatch)
    run_id = finish(stack, "order-1", QUEUE_ARN)
    # the repeated event (a retry) finds the reply recorded and sends nothing more
    assert stack.send_replies(repeat=2) == [
        {"run_id": run_id, "reply": "sent"},
        {"run_id": run_id, "reply": "already sent"},
    ]
    (message,) = received(queue_url)
    detail = json.loads(message["Body"])
    assert detail["run_id"] == run_id and detail["idempotency_key"] == "order-1"
    assert detail["status"] == "completed" and detail["organization_id"] == ORG
    assert message["MessageAttributes"]["detail-type"]["StringValue"] == "Run Finished"
    run = stack.containers["api"].store.get_run(run_id)
    assert run.reply_to == QUEUE_ARN and run.reply_sent is True
    # the bus subscribers get the same detail
    (event,) = stack.run_finished_events()
    assert event["detail"] == detail


def test_an_allowed_topic_delivers_the_result_to_its_subscriber(aws, monkeypatch) -> None:
    queue_url = partner_queue()
    sns = boto3.client("sns", region_name=files.REGION)
    topic = sns.create_topic(Name="partner-results")["TopicArn"]
    assert topic == TOPIC_ARN
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE_ARN)
    stack = replying_stack(monkeypatch)
    run_id = finish(stack, "order-2", TOPIC_ARN)
    assert stack.send_replies(repeat=1) == [{"run_id": run_id, "reply": "sent"}]
    (message,) = received(queue_url)
    notification = json.loads(message["Body"])
    assert notification["TopicArn"] == TOPIC_ARN and notification["Subject"] == "Run Finished"
    detail = json.loads(notification["Message"])
    assert detail["run_id"] == run_id and detail["idempotency_key"] == "order-2"


def test_a_run_without_reply_to_is_not_routed_to_the_reply_function(aws, monkeypatch) -> None:
    partner_queue()
    stack = replying_stack(monkeypatch)
    detail = request("order-3", QUEUE_ARN)
    del detail["reply_to"]
    (reply,) = stack.request_by_event(detail)
    stack.wait_for_execution(reply["run_id"])
    assert stack.send_replies() == []
    assert len(stack.run_finished_events()) == 1


@pytest.mark.parametrize(
    ("reply_to", "granted"),
    [
        (f"arn:aws:sqs:{files.REGION}:999999999999:elsewhere", f"{QUEUE_ARN},{TOPIC_ARN}"),
        (QUEUE_ARN, TOPIC_ARN),  # mapped, but not in the function's grant
    ],
    ids=["not-mapped", "not-granted"],
)
def test_a_destination_not_allowed_is_refused(aws, monkeypatch, reply_to, granted) -> None:
    stack = replying_stack(monkeypatch, granted=granted)
    (reply,) = stack.request_by_event(request("order-4", reply_to))
    assert reply == {"run_id": None, "created": False}
    assert stack.containers["api"].store.list_runs(ORG, page=1, page_size=10) == []
    (refusal,) = [json.loads(m["Body"]) for m in stack.drain("refusals")]
    assert refusal["detail-type"] == "Run Request Refused"
    assert reply_to in refusal["detail"]["reason"]
    assert refusal["detail"]["idempotency_key"] == "order-4"
    (dead,) = stack.drain("run-requests-dlq")
    kept = json.loads(dead["Body"])
    assert "not a destination" in kept["reason"]
    assert kept["request"]["reply_to"] == reply_to
