"""Orchestrator on a Standard Step Functions state machine: one execution per run.

The execution is named after the run; an execution restarted by the sweeper (the first
was lost) is named ``<run id>--r<N>``, N being the run's ``restarts``. Names are unique
per state machine for 90 days, so a restart cannot reuse the first name.
"""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import ClientError

from ...domain.models import Run
from ...ports import EXECUTION_MISSING, ExecutionState

RESTART_SEPARATOR = "--r"


def execution_name(run_id: str, restarts: int = 0) -> str:
    return run_id if restarts == 0 else f"{run_id}{RESTART_SEPARATOR}{restarts}"


def parse_execution_name(name: str) -> tuple[str, int]:
    """(run id, restarts) of an execution name made by ``execution_name``."""
    run_id, separator, count = name.rpartition(RESTART_SEPARATOR)
    if separator and count.isdigit():
        return run_id, int(count)
    return name, 0


def execution_arn(state_machine_arn: str, run_id: str, restarts: int = 0) -> str:
    """The ARN of the run's execution (its ``restarts``-th, the first by default)."""
    prefix, _, name = state_machine_arn.rpartition(":stateMachine:")
    if not prefix:
        raise ValueError(f"not a state machine ARN: {state_machine_arn}")
    return f"{prefix}:execution:{name}:{execution_name(run_id, restarts)}"


def _error_code(error: ClientError) -> str | None:
    return error.response.get("Error", {}).get("Code")


class StepFunctionsOrchestrator:
    """``client`` is a boto3 ``stepfunctions`` client, built once per process."""

    def __init__(self, client: Any, state_machine_arn: str | None) -> None:
        self._client = client
        self._state_machine_arn = state_machine_arn

    @property
    def state_machine_arn(self) -> str:
        if not self._state_machine_arn:
            raise RuntimeError("STRATUS_STATE_MACHINE_ARN is not set")
        return self._state_machine_arn

    def start(self, run: Run) -> None:
        """Idempotent: the execution is named after the run, so a retried start is a no-op."""
        try:
            self._client.start_execution(
                stateMachineArn=self.state_machine_arn,
                name=execution_name(run.run_id, run.restarts),
                input=json.dumps({"run_id": run.run_id}),
            )
        except ClientError as error:
            if _error_code(error) != "ExecutionAlreadyExists":
                raise

    def cancel(self, run: Run) -> None:
        """Stops the execution; the run's status is the service's business, not ours."""
        try:
            self._client.stop_execution(
                executionArn=execution_arn(self.state_machine_arn, run.run_id, run.restarts),
                error="RunCanceled",
                cause="The run was canceled through the API.",
            )
        except ClientError as error:
            # Never started, or already ended: nothing to stop.
            if _error_code(error) not in ("ExecutionDoesNotExist", "InvalidArn"):
                raise

    def execution_state(self, run: Run) -> ExecutionState:
        """The status of the run's current execution (DescribeExecution); MISSING if none."""
        try:
            described = self._client.describe_execution(
                executionArn=execution_arn(self.state_machine_arn, run.run_id, run.restarts)
            )
        except ClientError as error:
            if _error_code(error) == "ExecutionDoesNotExist":
                return ExecutionState(EXECUTION_MISSING)
            raise
        return ExecutionState(described["status"], described.get("stopDate"))
