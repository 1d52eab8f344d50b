"""Replies without AWS: sent once a run is finished, recorded, not sent again; a failed
send records nothing, so the retry sends."""

from __future__ import annotations

import pytest

from stratus.adapters.aws.eventbridge import run_finished_detail
from stratus.adapters.aws.reply_destinations import queue_url
from stratus.domain.status import RunStatus
from stratus.services.replies import RunReplies
from tests.contract.store_contract import make_run
from tests.fakes.memory_store import InMemoryRunStore

pytestmark = pytest.mark.unit

QUEUE = "arn:aws:sqs:eu-west-1:111122223333:order-results"


class Sender:
    def __init__(self) -> None:
        self.sent: list[tuple[str, dict]] = []
        self.fail = False

    def send(self, destination_arn, detail, run) -> None:
        if self.fail:
            raise RuntimeError("throttled")
        self.sent.append((destination_arn, detail))


def replies_for(**fields):
    store = InMemoryRunStore()
    run = make_run(**fields)
    store.create_run(run)
    sender = Sender()
    return RunReplies(store, sender, run_finished_detail), store, sender, run


def test_a_finished_run_is_replied_to_once() -> None:
    replies, store, sender, run = replies_for(
        status=RunStatus.completed, reply_to=QUEUE, idempotency_key="order-1"
    )
    assert replies.deliver(run.run_id) == "sent"
    assert replies.deliver(run.run_id) == "already sent"
    ((arn, detail),) = sender.sent
    assert arn == QUEUE and detail["idempotency_key"] == "order-1"
    assert store.get_run(run.run_id).reply_sent is True


def test_a_failed_send_records_nothing_and_is_raised() -> None:
    replies, store, sender, run = replies_for(status=RunStatus.failed, reply_to=QUEUE)
    sender.fail = True
    with pytest.raises(RuntimeError):
        replies.deliver(run.run_id)
    assert store.get_run(run.run_id).reply_sent is False
    sender.fail = False
    assert replies.deliver(run.run_id) == "sent"


def test_nothing_is_sent_without_a_destination_or_before_the_end() -> None:
    replies, _, sender, run = replies_for(status=RunStatus.completed)
    assert replies.deliver(run.run_id) == "no destination"
    replies, _, sender, run = replies_for(status=RunStatus.running, reply_to=QUEUE)
    assert replies.deliver(run.run_id) == "not finished"
    assert replies.deliver("tsk_missing") == "no such run"
    assert sender.sent == []


def test_queue_urls_come_from_the_arn() -> None:
    assert queue_url(QUEUE) == "https://sqs.eu-west-1.amazonaws.com/111122223333/order-results"
    china = "arn:aws-cn:sqs:cn-north-1:111122223333:q"
    assert queue_url(china) == "https://sqs.cn-north-1.amazonaws.com.cn/111122223333/q"
