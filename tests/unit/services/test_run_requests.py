"""The run request rules without AWS: who may ask, one run per key, what is kept."""

from __future__ import annotations

import pytest

from stratus.adapters.aws.run_request_deliveries import sender_sources
from stratus.adapters.sqlite_idempotency import SqliteIdempotencyKeys
from stratus.ports import Conflict
from stratus.services.errors import InvalidRequest, RateLimited
from stratus.services.run_requests import RunRequests, parse_destinations, parse_sources
from tests.contract.store_contract import make_run
from tests.fakes.memory_store import InMemoryRunStore

pytestmark = pytest.mark.unit

QUEUE = "arn:aws:sqs:us-east-1:111122223333:orders-results"
BODY = {"idempotency_key": "k-1", "prompt": "Find the price", "engine": "skyvern-1.0"}


class Creator:
    """Stands in for RunService.create_requested; ``fail`` raises once."""

    def __init__(self, store: InMemoryRunStore) -> None:
        self.store = store
        self.calls: list[str] = []
        self.fail: Exception | None = None

    def create_requested(self, organization_id, body, *, run_id, idempotency_key, reply_to=None):
        self.calls.append(run_id)
        if self.fail is not None:
            error, self.fail = self.fail, None
            raise error
        run = make_run(run_id=run_id, organization_id=organization_id)
        run = run.model_copy(update={"idempotency_key": idempotency_key, "reply_to": reply_to})
        self.store.create_run(run)
        return run


class Recorder:
    def __init__(self) -> None:
        self.refusals: list[dict] = []
        self.kept: list[tuple[str, object, str | None]] = []

    def publish_request_refused(self, refusal: dict) -> None:
        self.refusals.append(refusal)

    def put(self, reason, request, *, source=None) -> None:
        self.kept.append((reason, request, source))


@pytest.fixture
def parts():
    store = InMemoryRunStore()
    creator = Creator(store)
    recorder = Recorder()
    ids = iter(f"tsk_{n}" for n in range(100))
    requests = RunRequests(
        creator,
        store,
        SqliteIdempotencyKeys(":memory:"),
        {"account:111122223333": "o_1"},
        recorder,
        recorder,
        destinations={"o_1": frozenset({QUEUE})},
        id_factory=lambda prefix: next(ids),
    )
    return requests, creator, recorder


def test_sources_parse_and_bad_pairs_are_refused() -> None:
    assert parse_sources(" account:111122223333=o_1, principal:AROAX=o_2 ,") == {
        "account:111122223333": "o_1",
        "principal:AROAX": "o_2",
    }
    assert parse_sources("") == {}
    with pytest.raises(ValueError, match="SOURCE=ORGANIZATION_ID"):
        parse_sources("account:111122223333")


def test_sqs_senders_are_roles_users_or_accounts() -> None:
    assert sender_sources("AROAEXAMPLE:orders-session") == ("principal:AROAEXAMPLE",)
    assert sender_sources("AIDAEXAMPLE") == ("principal:AIDAEXAMPLE",)
    assert sender_sources("111122223333") == ("account:111122223333",)
    assert sender_sources(None) == ()


def test_a_repeat_answers_the_first_run(parts) -> None:
    requests, creator, recorder = parts
    first = requests.handle(("account:111122223333",), BODY, channel="sqs")
    again = requests.handle(("account:111122223333",), BODY, channel="sqs")
    assert first.created and not again.created
    assert again.run.run_id == first.run.run_id and creator.calls == [first.run.run_id]
    assert recorder.kept == [] and recorder.refusals == []


def test_an_unknown_source_is_refused_published_and_kept(parts) -> None:
    requests, creator, recorder = parts
    body = {**BODY, "organization_id": "o_1"}  # the body names no one
    assert requests.handle(("account:999999999999",), body, channel="eventbridge") is None
    assert creator.calls == []
    (refusal,) = recorder.refusals
    assert refusal["source"] == "account:999999999999" and refusal["idempotency_key"] == "k-1"
    (kept,) = recorder.kept
    assert "mapped to no organization" in kept[0] and kept[2] == "account:999999999999"


def test_a_refused_body_frees_its_key(parts) -> None:
    requests, creator, recorder = parts
    creator.fail = InvalidRequest("webhook_url: no")
    assert requests.handle(("account:111122223333",), BODY, channel="sqs") is None
    assert recorder.kept[0][0] == "webhook_url: no"
    accepted = requests.handle(("account:111122223333",), BODY, channel="sqs")
    assert accepted.created and accepted.run.run_id == "tsk_1"  # a new claim, a new id


def test_a_passing_failure_keeps_the_claim_for_the_retry(parts) -> None:
    requests, creator, recorder = parts
    creator.fail = RateLimited("slow down", retry_after_seconds=1)
    with pytest.raises(RateLimited):
        requests.handle(("account:111122223333",), BODY, channel="sqs")
    retried = requests.handle(("account:111122223333",), BODY, channel="sqs")
    assert retried.created and creator.calls == ["tsk_0", "tsk_0"]  # the same run id
    assert recorder.kept == []


def test_a_concurrent_delivery_that_created_the_run_first_is_answered(parts) -> None:
    requests, creator, _ = parts
    run = make_run(run_id="tsk_0", organization_id="o_1")

    def raced(organization_id, body, *, run_id, idempotency_key, reply_to=None):
        creator.store.create_run(run)  # the other delivery won
        raise Conflict(run_id)

    creator.create_requested = raced
    accepted = requests.handle(("account:111122223333",), BODY, channel="sqs")
    assert not accepted.created and accepted.run.run_id == "tsk_0"


def test_destinations_parse_and_bad_pairs_are_refused() -> None:
    topic = "arn:aws:sns:eu-west-1:111122223333:results"
    assert parse_destinations(f"o_1={QUEUE}, o_1={topic},o_2={topic}") == {
        "o_1": frozenset({QUEUE, topic}),
        "o_2": frozenset({topic}),
    }
    assert parse_destinations("") == {}
    with pytest.raises(ValueError, match="ORGANIZATION_ID=ARN"):
        parse_destinations(QUEUE)
    with pytest.raises(ValueError, match="not an SQS queue or SNS topic"):
        parse_destinations("o_1=arn:aws:s3:::bucket")


def test_an_allowed_reply_destination_is_kept_on_the_run(parts) -> None:
    requests, _, recorder = parts
    accepted = requests.handle(
        ("account:111122223333",), {**BODY, "reply_to": QUEUE}, channel="sqs"
    )
    assert accepted is not None and accepted.run.reply_to == QUEUE
    assert recorder.refusals == [] and recorder.kept == []


def test_a_destination_the_organization_does_not_allow_is_refused(parts) -> None:
    requests, creator, recorder = parts
    other = "arn:aws:sqs:us-east-1:999999999999:elsewhere"
    raw = {**BODY, "reply_to": other}
    assert requests.handle(("account:111122223333",), raw, channel="eventbridge") is None
    assert creator.calls == []
    (refusal,) = recorder.refusals
    assert other in refusal["reason"] and refusal["idempotency_key"] == "k-1"
    ((reason, kept, _),) = recorder.kept
    assert reason == refusal["reason"] and kept == raw
    # the key was not claimed: the same key with an allowed destination creates the run
    again = requests.handle(("account:111122223333",), {**BODY, "reply_to": QUEUE}, channel="sqs")
    assert again is not None and again.created


def test_a_reply_to_that_is_no_queue_or_topic_arn_is_dead_lettered(parts) -> None:
    requests, _, recorder = parts
    raw = {**BODY, "reply_to": "https://example.com/hook"}
    assert requests.handle(("account:111122223333",), raw, channel="sqs") is None
    assert recorder.refusals == []
    assert "reply_to" in recorder.kept[0][0]
