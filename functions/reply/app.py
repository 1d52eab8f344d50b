"""The reply function: fired by the "Run Finished" rule for runs that named a reply
destination, sends the event's detail to that SQS queue or SNS topic. The run records the
sending, so a repeated event sends nothing; a failure is raised, and Lambda retries it."""

from __future__ import annotations

from typing import Any

from stratus import bootstrap
from stratus.adapters.aws.eventbridge import run_finished_id
from stratus.adapters.aws.observability import lambda_handler


@lambda_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    container = bootstrap.get_container()
    run_id = run_finished_id(event, container.settings.event_source)
    return {"run_id": run_id, "reply": container.run_replies.deliver(run_id)}
