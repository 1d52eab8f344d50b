"""The browser-step function: one agent step of a run per invocation.

Invoked by the state machine with ``{"run_id"}``; returns the step report
``{"run_id", "status", "done", "order", "busy"}`` the state machine loops on.

The browser outlives the invocation: a warm container keeps its Playwright browser (and
the event loop it is bound to) at module level; a cold one restores the run's saved state
from the artifact store; a run with ``browser_address`` drives a browser over CDP.
"""

from __future__ import annotations

import os
from typing import Any

import boto3

from stratus import bootstrap
from stratus.adapters.aws.lambda_runtime import run_async
from stratus.adapters.aws.observability import lambda_handler, step_log_keys
from stratus.adapters.aws.provider_keys import export_provider_keys

# Step Functions runs a run's steps one after another, so the execution is the run's only
# worker: every container claims the run's lease under this one name, and the next step
# never waits for the lease a previous container (maybe frozen or gone) still holds.
STEP_FUNCTIONS_OWNER = "step-functions"

_container: Any = None


def container() -> Any:
    global _container
    if _container is None:
        export_provider_keys(
            boto3.client("secretsmanager"), os.environ.get("STRATUS_PROVIDER_KEYS_SECRET_ARN")
        )
        _container = bootstrap.build_container(owner=STEP_FUNCTIONS_OWNER)
    return _container


@lambda_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    with step_log_keys(container().store.get_run(event["run_id"]), event["run_id"]):
        report = run_async(container().execution.run_step(event["run_id"]))
    return report.model_dump(mode="json")
