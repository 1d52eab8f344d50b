"""The ingest function: creates the runs other AWS services request.

Fired by the "Run Requested" EventBridge rule (one event) and by the run requests SQS
queue (a batch). The sender's account or principal picks the organization; a request
that can never be served is dead-lettered with its reason; a passing failure is raised
(the event is retried by Lambda) or reported as a batch item failure (SQS redelivers it).
"""

from __future__ import annotations

import logging
from typing import Any

from stratus import bootstrap
from stratus.adapters.aws.observability import lambda_handler
from stratus.adapters.aws.run_request_deliveries import (
    Delivery,
    event_delivery,
    is_sqs_batch,
    sqs_deliveries,
)

log = logging.getLogger(__name__)


def _serve(delivery: Delivery) -> dict[str, Any]:
    requests = bootstrap.get_container().run_requests
    if delivery.unreadable:
        requests.dead_letter(delivery.unreadable, delivery.request, delivery.sources)
        return {"run_id": None, "created": False}
    accepted = requests.handle(delivery.sources, delivery.request, channel=delivery.channel)
    if accepted is None:
        return {"run_id": None, "created": False}
    return {"run_id": accepted.run.run_id, "created": accepted.created}


@lambda_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if not is_sqs_batch(event):
        return _serve(event_delivery(event))
    failures, results = [], []
    for delivery in sqs_deliveries(event):
        try:
            results.append(_serve(delivery))
        except Exception:  # retried by SQS, then kept by the queue's redrive policy
            log.exception("run request %s failed; SQS delivers it again", delivery.message_id)
            failures.append({"itemIdentifier": delivery.message_id})
    return {"batchItemFailures": failures, "results": results}
