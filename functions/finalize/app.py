"""The finalize function: ends a run whose execution could not end it.

Two callers:
- the state machine's Catch, with ``{"run_id", "error": {"Error", "Cause"}}`` when a step
  invocation failed for good;
- the EventBridge rule on "Step Functions Execution Status Change" (FAILED, TIMED_OUT,
  ABORTED), so a run whose execution died in any way still ends, once.
Finishing is a conditional write: a run that already ended is left alone, except that its
"run finished" event is published if the step that ended it could not publish it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from stratus import bootstrap
from stratus.domain.status import RunStatus

STATUS_CHANGE = "Step Functions Execution Status Change"


@dataclass(frozen=True)
class Ending:
    run_id: str
    status: RunStatus
    reason: str
    aborted: bool = False  # the execution was stopped: a requested cancel ends as canceled


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
        run_id = detail["name"]  # execution name = run id
        if status == "TIMED_OUT":
            return Ending(run_id, RunStatus.timed_out, "the run's execution timed out")
        if status == "ABORTED":
            return Ending(run_id, RunStatus.failed, "the run's execution was stopped", True)
        text = _error_text(detail.get("error"), detail.get("cause"))
        return Ending(run_id, RunStatus.failed, f"the run's execution failed: {text}".rstrip(": "))
    error = event.get("error") or {}
    text = _error_text(error.get("Error"), error.get("Cause"))
    return Ending(event["run_id"], RunStatus.failed, f"a step crashed: {text}".rstrip(": "))


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    ending = ending_for(event)
    container = bootstrap.get_container()
    run = container.store.get_run(ending.run_id)
    if run is None:
        return {"run_id": ending.run_id, "changed": False}
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
    return {
        "run_id": ending.run_id,
        "changed": finished is not None,
        "status": finished.status.value if finished else run.status.value,
    }
