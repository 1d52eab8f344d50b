"""The sweeper function: run every minute by EventBridge Scheduler.

Restarts or ends runs whose execution was lost, starts waiting runs that now fit the
active-run caps, and delivers webhooks that are past due; bounded by a page size and by
the time left in the invocation. Returns what it did.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from stratus import bootstrap
from stratus.adapters.aws.lambda_runtime import remaining_seconds, run_async
from stratus.adapters.aws.observability import lambda_handler


def time_left(context: Any) -> float:
    """Seconds left in this invocation (unbounded outside Lambda)."""
    remaining = remaining_seconds(context)
    return math.inf if remaining is None else remaining


@lambda_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    sweeper = bootstrap.get_container().sweeper
    report = run_async(sweeper.sweep(lambda: time_left(context)))
    return asdict(report)
