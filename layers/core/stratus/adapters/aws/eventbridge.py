"""EventPublisher on EventBridge: the documented "Run Finished" event.

    source:      "stratus" (STRATUS_EVENT_SOURCE: the stack sets stratus.<stage>)
    detail-type: "Run Finished"
    detail:      {"run_id", "organization_id", "status", "run_type", "finished_at",
                  "idempotency_key", "reply_to"} (the key of a run requested by event, queue
                  or batch, and the SQS queue or SNS topic ARN it asked the detail sent to)

and "Run Request Refused" (detail {"reason", "source", "channel", "idempotency_key"}) when a
run request comes from a source mapped to no organization.

docs/deploy-aws.md documents it for other subscribers.
"""

from __future__ import annotations

import json
from typing import Any

from ...domain.models import Run
from ...domain.utc import utc_text

EVENT_SOURCE = "stratus"
RUN_FINISHED = "Run Finished"


def run_finished_id(event: dict[str, Any], source: str) -> str:
    """The run id of a "Run Finished" event from ``source``; ValueError for any other event."""
    if event.get("source") != source or event.get("detail-type") != RUN_FINISHED:
        raise ValueError(
            f"not a {RUN_FINISHED} event from {source}: "
            f"{event.get('source')!r} {event.get('detail-type')!r}"
        )
    return str(event["detail"]["run_id"])


RUN_REQUEST_REFUSED = "Run Request Refused"


class PublishFailed(Exception):
    """EventBridge did not accept the event."""


def run_finished_detail(run: Run) -> dict[str, Any]:
    return {
        "run_id": run.run_id,
        "organization_id": run.organization_id,
        "status": run.status.value,
        "run_type": run.run_type.value,
        "finished_at": utc_text(run.finished_at) if run.finished_at else None,
        "idempotency_key": run.idempotency_key,
        "reply_to": run.reply_to,
    }


class EventBridgePublisher:
    """``client`` is a boto3 ``events`` client, built once per process."""

    def __init__(
        self, client: Any, event_bus_name: str = "default", source: str = EVENT_SOURCE
    ) -> None:
        self._client = client
        self._bus = event_bus_name
        self._source = source

    def publish_run_finished(self, run: Run) -> None:
        self._put(RUN_FINISHED, run_finished_detail(run))

    def publish_request_refused(self, refusal: dict[str, Any]) -> None:
        self._put(RUN_REQUEST_REFUSED, refusal)

    def _put(self, detail_type: str, detail: dict[str, Any]) -> None:
        reply = self._client.put_events(
            Entries=[
                {
                    "Source": self._source,
                    "DetailType": detail_type,
                    "Detail": json.dumps(detail),
                    "EventBusName": self._bus,
                    "Resources": [],
                }
            ]
        )
        if reply.get("FailedEntryCount"):
            entry = reply["Entries"][0]
            raise PublishFailed(f"{entry.get('ErrorCode')}: {entry.get('ErrorMessage')}")
