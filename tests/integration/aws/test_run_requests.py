"""Runs requested by AWS services, end to end on moto: a "Run Requested" event routed by the
template's rule, or a batch from the run requests queue, goes through the ingest function,
the run through the real state machine, and its "Run Finished" event carries the key."""

import json

import pytest
from moto import mock_aws

from stratus.domain.models import Organization, utcnow
from stratus.domain.status import RunStatus
from tests.fakes.runtime import ScriptedEngine, screenshot_outcome
from tests.integration.aws import stack as files
from tests.integration.aws.harness import ACCOUNT, MOTO_CONFIG, Stack, build_stack

pytestmark = pytest.mark.integration

ORG = "o_partner"
SQS_SENDER = "AIDAIT2UOQQY3AUEKVGXU"  # the unique id moto gives every sender
SOURCES = f"account:{ACCOUNT}={ORG},principal:{SQS_SENDER}={ORG}"


@pytest.fixture
def aws():
    with mock_aws(config=MOTO_CONFIG):
        yield


def completing_engine() -> ScriptedEngine:
    return ScriptedEngine([screenshot_outcome(), screenshot_outcome("complete", output={"p": 1})])


def request(key: str) -> dict:
    detail = dict(files.sample_event("run_requested.json")["detail"])
    detail["idempotency_key"] = key
    return detail


def finished_events(stack: Stack) -> list[dict]:
    return stack.run_finished_events()


def test_an_event_creates_one_run_that_finishes_with_its_key(aws, monkeypatch) -> None:
    stack = build_stack(monkeypatch, completing_engine(), request_sources=SOURCES)
    (reply,) = stack.request_by_event(request("order-1001"))
    assert reply["created"] is True
    run_id = reply["run_id"]
    assert stack.wait_for_execution(run_id)["status"] == "SUCCEEDED"
    run = stack.containers["api"].store.get_run(run_id)
    assert run.organization_id == ORG and run.status is RunStatus.completed
    assert run.output == {"p": 1} and run.api_key_id is None
    (event,) = finished_events(stack)
    assert event["detail"]["run_id"] == run_id
    assert event["detail"]["idempotency_key"] == "order-1001"
    # the organization's own key reads the run through the API
    store = stack.containers["api"].store
    store.create_organization(
        Organization(organization_id=ORG, name="partner", created_at=utcnow())
    )
    _, raw_key = stack.containers["api"].keys.create_key("ops", ORG)
    got = json.loads(
        stack.api("api_get_run.json", api_key=raw_key, path=f"/v1/runs/{run_id}")["body"]
    )
    assert got["status"] == "completed" and got["output"] == {"p": 1}


def test_a_repeated_event_returns_the_run_it_created(aws, monkeypatch) -> None:
    stack = build_stack(monkeypatch, completing_engine(), request_sources=SOURCES)
    (first,) = stack.request_by_event(request("order-7"))
    (again,) = stack.request_by_event(request("order-7"))
    assert again == {"run_id": first["run_id"], "created": False}
    stack.wait_for_execution(first["run_id"])
    (after,) = stack.request_by_event(request("order-7"))  # after the run ended, too
    assert after == {"run_id": first["run_id"], "created": False}
    runs = stack.containers["api"].store.list_runs(ORG, page=1, page_size=10)
    assert [r.run_id for r in runs] == [first["run_id"]]
    assert [e["detail"]["run_id"] for e in finished_events(stack)] == [first["run_id"]]


def test_an_unmapped_account_is_refused_and_the_refusal_published(aws, monkeypatch) -> None:
    stack = build_stack(monkeypatch, completing_engine(), request_sources=SOURCES)
    body = request("order-9")
    body["organization_id"] = ORG  # a field of the body names no one
    (reply,) = stack.request_by_event(body, account="999999999999")
    assert reply == {"run_id": None, "created": False}
    assert stack.containers["api"].store.list_runs(ORG, page=1, page_size=10) == []
    (refusal,) = [json.loads(m["Body"]) for m in stack.drain("refusals")]
    assert refusal["source"] == "stratus.test"
    assert refusal["detail"]["source"] == "account:999999999999"
    assert refusal["detail"]["idempotency_key"] == "order-9"
    assert refusal["detail"]["channel"] == "eventbridge"
    (dead,) = stack.drain("run-requests-dlq")
    kept = json.loads(dead["Body"])
    assert "mapped to no organization" in kept["reason"]
    assert kept["request"]["idempotency_key"] == "order-9"
    assert dead["MessageAttributes"]["reason"]["StringValue"] == kept["reason"]


def test_a_queue_batch_creates_one_run_per_key_and_dead_letters_the_rest(aws, monkeypatch) -> None:
    stack = build_stack(monkeypatch, completing_engine(), request_sources=SOURCES)
    reply = stack.request_by_queue(
        request("batch-1"),
        request("batch-2"),
        request("batch-1"),  # delivered twice
        {"prompt": "no key"},
        "not json",
    )
    assert reply["batchItemFailures"] == []
    results = reply["results"]
    assert [r["created"] for r in results] == [True, True, False, False, False]
    assert results[2]["run_id"] == results[0]["run_id"]
    created = {results[0]["run_id"], results[1]["run_id"]}
    for run_id in created:
        assert stack.wait_for_execution(run_id)["status"] == "SUCCEEDED"
    events = finished_events(stack)
    assert {e["detail"]["run_id"] for e in events} == created
    assert {e["detail"]["idempotency_key"] for e in events} == {"batch-1", "batch-2"}
    reasons = sorted(json.loads(m["Body"])["reason"] for m in stack.drain("run-requests-dlq"))
    assert len(reasons) == 2
    assert "idempotency_key" in reasons[0] and "not JSON" in reasons[1]


def test_an_unmapped_sender_on_the_queue_is_refused(aws, monkeypatch) -> None:
    stack = build_stack(
        monkeypatch, completing_engine(), request_sources=f"account:{ACCOUNT}={ORG}"
    )
    reply = stack.request_by_queue(request("q-1"))
    assert reply["results"] == [{"run_id": None, "created": False}]
    (refusal,) = [json.loads(m["Body"]) for m in stack.drain("refusals")]
    assert refusal["detail"]["source"] == f"principal:{SQS_SENDER}"
    assert refusal["detail"]["channel"] == "sqs"
    assert len(stack.drain("run-requests-dlq")) == 1


def test_a_passing_failure_is_left_on_the_queue_for_redelivery(aws, monkeypatch) -> None:
    stack = build_stack(monkeypatch, completing_engine(), request_sources=SOURCES)
    requests = stack.containers["ingest"].run_requests

    def outage(*args, **kwargs):
        raise RuntimeError("the table is throttled")

    monkeypatch.setattr(requests, "submit", outage)
    reply = stack.request_by_queue(request("later-1"))
    assert len(reply["batchItemFailures"]) == 1
    assert stack.drain("run-requests-dlq") == []
