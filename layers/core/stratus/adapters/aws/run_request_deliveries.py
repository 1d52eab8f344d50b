"""How run requests arrive on AWS, and who sent them (never read from the request itself).

An EventBridge "Run Requested" event names its sender in ``account`` (set by EventBridge);
an SQS message in ``attributes.SenderId`` (set by SQS): a role's unique id before ``:``, an
IAM user's unique id, or an account id for an account's root.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

RUN_REQUESTED = "Run Requested"
ACCOUNT_ID = re.compile(r"^\d{12}$")


@dataclass(frozen=True)
class Delivery:
    sources: tuple[str, ...]
    request: Any
    channel: str  # "eventbridge" | "sqs"
    message_id: str | None = None  # an SQS message's id (for a partial batch failure)
    unreadable: str | None = None  # why the body could not be read


def is_sqs_batch(event: dict[str, Any]) -> bool:
    records = event.get("Records")
    return isinstance(records, list) and all(
        isinstance(r, dict) and r.get("eventSource") == "aws:sqs" for r in records
    )


def event_delivery(event: dict[str, Any]) -> Delivery:
    if event.get("detail-type") != RUN_REQUESTED:
        raise ValueError(f"not a {RUN_REQUESTED} event: {event.get('detail-type')!r}")
    account = event.get("account")
    sources = (f"account:{account}",) if isinstance(account, str) and account else ()
    return Delivery(sources=sources, request=event.get("detail"), channel="eventbridge")


def sender_sources(sender_id: str | None) -> tuple[str, ...]:
    if not sender_id:
        return ()
    if ACCOUNT_ID.match(sender_id):
        return (f"account:{sender_id}",)
    return (f"principal:{sender_id.split(':', 1)[0]}",)


def sqs_deliveries(event: dict[str, Any]) -> Iterator[Delivery]:
    for record in event["Records"]:
        sources = sender_sources((record.get("attributes") or {}).get("SenderId"))
        try:
            request, unreadable = json.loads(record.get("body") or ""), None
        except json.JSONDecodeError as exc:
            request, unreadable = record.get("body"), f"the message body is not JSON: {exc}"
        yield Delivery(
            sources=sources,
            request=request,
            channel="sqs",
            message_id=record.get("messageId"),
            unreadable=unreadable,
        )
