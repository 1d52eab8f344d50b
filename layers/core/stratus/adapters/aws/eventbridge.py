"""EventPublisher on EventBridge: the documented "Run Finished" event.

    source:      "stratus" (STRATUS_EVENT_SOURCE: the stack sets stratus.<stage>)
    detail-type: "Run Finished"
    detail:      {"run_id", "organization_id", "status", "run_type", "finished_at"}

docs/deploy-aws.md documents it for other subscribers.
"""

from __future__ import annotations

import json
from typing import Any

from ...domain.models import Run
from .dynamodb_items import timestamp

EVENT_SOURCE = "stratus"
RUN_FINISHED = "Run Finished"


class PublishFailed(Exception):
    """EventBridge did not accept the event."""


def run_finished_detail(run: Run) -> dict[str, Any]:
    return {
        "run_id": run.run_id,
        "organization_id": run.organization_id,
        "status": run.status.value,
        "run_type": run.run_type.value,
        "finished_at": timestamp(run.finished_at) if run.finished_at else None,
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
        reply = self._client.put_events(
            Entries=[
                {
                    "Source": self._source,
                    "DetailType": RUN_FINISHED,
                    "Detail": json.dumps(run_finished_detail(run)),
                    "EventBusName": self._bus,
                    "Resources": [],
                }
            ]
        )
        if reply.get("FailedEntryCount"):
            entry = reply["Entries"][0]
            raise PublishFailed(f"{entry.get('ErrorCode')}: {entry.get('ErrorMessage')}")
