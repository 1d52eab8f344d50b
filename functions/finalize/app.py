"""The finalize function: ends a run whose execution could not end it.

Two callers:
- the state machine's Catch, with ``{"run_id", "error": {"Error", "Cause"}}`` when a step
  invocation failed for good;
- the EventBridge rule on "Step Functions Execution Status Change" (FAILED, TIMED_OUT,
  ABORTED), so a run whose execution died in any way still ends, once. The event of an
  execution the sweeper has since replaced (the run was restarted) is stale and ignored.
Finishing is a conditional write: a run that already ended is left alone, except that its
"run finished" event is published if the step that ended it could not publish it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from stratus import bootstrap
from stratus.adapters.aws.lambda_runtime import run_async
from stratus.adapters.aws.observability import lambda_handler
from stratus.adapters.aws.stepfunctions import parse_execution_name
from stratus.domain.status import RunStatus

STATUS_CHANGE = "Step Functions Execution Status Change"


@dataclass(frozen=True)
class Ending:
    run_id: str
    status: RunStatus
    reason: str
    aborted: bool = False  # the execution was stopped: a requested cancel ends as canceled
    restarts: int | None = None  # which execution of the run ended (status-change events)


def _error_text(error: str | None, cause: str | None) -> str:
    """Step Functions' Error plus the Lambda errorMessage when the cause carries one."""
    message = cause or ""
    try:
        parsed = json.loads(message)
        if isinstance(parsed, dict) and parsed.get("errorMessage"):
            message = str(parsed["errorMessage"])
    except (TypeError, ValueError):
        pass
    return ": ".join(part for part in (error, message) if part)[:2000]


def ending_for(event: dict[str, Any]) -> Ending:
    if event.get("detail-type") == STATUS_CHANGE:
        detail = event["detail"]
        status = detail["status"]
        run_id, restarts = parse_execution_name(detail["name"])  # run id [--r<restarts>]
        if status == "TIMED_OUT":
            reason = "the run's execution timed out"
            return Ending(run_id, RunStatus.timed_out, reason, restarts=restarts)
        if status == "ABORTED":
            reason = "the run's execution was stopped"
            return Ending(run_id, RunStatus.failed, reason, True, restarts=restarts)
        text = _error_text(detail.get("error"), detail.get("cause"))
        reason = f"the run's execution failed: {text}".rstrip(": ")
        return Ending(run_id, RunStatus.failed, reason, restarts=restarts)
    error = event.get("error") or {}
    text = _error_text(error.get("Error"), error.get("Cause"))
    return Ending(event["run_id"], RunStatus.failed, f"a step crashed: {text}".rstrip(": "))


@lambda_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    ending = ending_for(event)
    container = bootstrap.get_container()
    run = container.store.get_run(ending.run_id)
    if run is None:
        return {"run_id": ending.run_id, "changed": False}
    if ending.restarts is not None and ending.restarts != run.restarts and not run.is_terminal:
        return {"run_id": ending.run_id, "changed": False, "stale": True}
    if run.is_terminal:
        # the step that ended it may have died before "run finished" went out
        announced = container.lifecycle.announce_if_unannounced(run.run_id)
        return {"run_id": ending.run_id, "changed": False, "announced": announced}
    if ending.aborted and run.cancel_requested:
        finished = container.lifecycle.finish(run.run_id, RunStatus.canceled)
    else:
        finished = container.lifecycle.finish(
            run.run_id, ending.status, failure_reason=ending.reason
        )
    if finished is not None and container.remote_browsers is not None:
        # the run's steps will not release its remote browser: stop it here (billed while up)
        run_async(container.remote_browsers.release(run.run_id))
    return {
        "run_id": ending.run_id,
        "changed": finished is not None,
        "status": finished.status.value if finished else run.status.value,
    }
