"""The browser-step function: one agent step of a run per invocation.

Invoked by the state machine with ``{"run_id", "call": {"execution", "entered"}}``; returns
the step report ``{"run_id", "status", "done", "order", "busy"}`` the state machine loops on.

Every invocation claims the run under its own name (the state-machine call plus Lambda's
request id), so a retried call never runs beside the attempt it retries; a call that already
ended answers with its recorded report. The step ends before the function's own time limit.

The browser outlives the invocation: a warm container keeps its Playwright browser (and
the event loop it is bound to) at module level, and reopens the run from its saved state
when another container has moved the run on since; a cold one restores the saved state.
"""

from __future__ import annotations

import os
from typing import Any

import boto3

from stratus import bootstrap
from stratus.adapters.aws.lambda_runtime import remaining_seconds, run_async
from stratus.adapters.aws.observability import lambda_handler, step_log_keys
from stratus.adapters.aws.provider_keys import export_provider_keys
from stratus.services.step_calls import StepInvocation

# The name of calls from outside a state machine (a test or a manual invoke).
DIRECT_CALL = "direct"

_container: bootstrap.Container | None = None


def container() -> bootstrap.Container:
    global _container
    if _container is None:
        export_provider_keys(
            boto3.client("secretsmanager"), os.environ.get("STRATUS_PROVIDER_KEYS_SECRET_ARN")
        )
        _container = bootstrap.build_container(owner=DIRECT_CALL)
    return _container


def invocation_for(event: dict[str, Any], context: Any, margin_seconds: float) -> StepInvocation:
    """This attempt's identity and time budget from the event and the Lambda context."""
    call = event.get("call") or {}
    key = f"{call.get('execution', DIRECT_CALL)}#{call.get('entered', '')}"
    request_id = getattr(context, "aws_request_id", None) or os.urandom(8).hex()
    remaining = remaining_seconds(context)
    budget = None if remaining is None else max(remaining - margin_seconds, 1.0)
    return StepInvocation(key=key, owner=f"{key}#{request_id}", budget_seconds=budget)


@lambda_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    services = container()
    run_id = event["run_id"]
    invocation = invocation_for(event, context, services.settings.step_time_margin_seconds)
    with step_log_keys(services.store.get_run(run_id), run_id):
        report = run_async(services.execution.run_step(run_id, invocation))
    return report.model_dump(mode="json")
