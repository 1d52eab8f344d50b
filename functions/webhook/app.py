"""The webhook function: fired by the "Run Finished" EventBridge rule, makes the first
attempt of the run's signed webhook (one POST). Delivery claims the attempt first, so a
repeated event sends nothing; later attempts on the schedule are the sweeper's."""

from __future__ import annotations

from typing import Any

from stratus import bootstrap
from stratus.adapters.aws.eventbridge import run_finished_id
from stratus.adapters.aws.lambda_runtime import remaining_seconds, run_async
from stratus.adapters.aws.observability import lambda_handler

# Time kept back from the function's deadline for the final write and the reply.
DEADLINE_MARGIN_SECONDS = 30.0


def _budget_seconds(context: Any) -> float | None:
    """What is left of this invocation for the delivery (None outside Lambda)."""
    remaining = remaining_seconds(context)
    return None if remaining is None else max(remaining - DEADLINE_MARGIN_SECONDS, 0.0)


@lambda_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    container = bootstrap.get_container()
    run_id = run_finished_id(event, container.settings.event_source)
    run_async(container.webhooks.deliver(run_id, budget_seconds=_budget_seconds(context)))
    run = container.store.get_run(run_id)
    return {"run_id": run_id, "webhook_state": run.webhook_state if run else None}
