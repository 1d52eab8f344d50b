"""The webhook function: fired by the "Run Finished" EventBridge rule, makes the first
attempt of the run's signed webhook (one POST). Delivery claims the attempt first, so a
repeated event sends nothing; later attempts on the schedule are the sweeper's."""

from __future__ import annotations

from typing import Any

from stratus import bootstrap
from stratus.adapters.aws.eventbridge import RUN_FINISHED
from stratus.adapters.aws.lambda_runtime import run_async
from stratus.adapters.aws.observability import lambda_handler

# Time kept back from the function's deadline for the final write and the reply.
DEADLINE_MARGIN_SECONDS = 30.0


def _budget_seconds(context: Any) -> float | None:
    """What is left of this invocation for the delivery (None outside Lambda)."""
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    if remaining is None:
        return None
    return max(remaining() / 1000 - DEADLINE_MARGIN_SECONDS, 0.0)


@lambda_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    container = bootstrap.get_container()
    source = container.settings.event_source
    if event.get("source") != source or event.get("detail-type") != RUN_FINISHED:
        raise ValueError(
            f"not a {RUN_FINISHED} event from {source}: "
            f"{event.get('source')!r} {event.get('detail-type')!r}"
        )
    run_id = event["detail"]["run_id"]
    run_async(container.webhooks.deliver(run_id, budget_seconds=_budget_seconds(context)))
    run = container.store.get_run(run_id)
    return {"run_id": run_id, "webhook_state": run.webhook_state if run else None}
