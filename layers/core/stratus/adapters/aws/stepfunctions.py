"""Orchestrator on a Standard Step Functions state machine: one execution per run."""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import ClientError

from ...domain.models import Run


def execution_arn(state_machine_arn: str, run_id: str) -> str:
    """The ARN of the run's execution (execution name = run id)."""
    prefix, _, name = state_machine_arn.rpartition(":stateMachine:")
    if not prefix:
        raise ValueError(f"not a state machine ARN: {state_machine_arn}")
    return f"{prefix}:execution:{name}:{run_id}"


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
                name=run.run_id,
                input=json.dumps({"run_id": run.run_id}),
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "ExecutionAlreadyExists":
                raise

    def cancel(self, run: Run) -> None:
        """Stops the execution; the run's status is the service's business, not ours."""
        try:
            self._client.stop_execution(
                executionArn=execution_arn(self.state_machine_arn, run.run_id),
                error="RunCanceled",
                cause="The run was canceled through the API.",
            )
        except ClientError as error:
            # Never started, or already ended: nothing to stop.
            if error.response.get("Error", {}).get("Code") not in (
                "ExecutionDoesNotExist",
                "InvalidArn",
            ):
                raise
