"""The state machine's step timeout, computed by the real ASL on moto: the browser function's
timeout plus a margin, so Step Functions never abandons a step the function still runs."""

import json
import time

import boto3
import pytest
from moto import mock_aws

from tests.integration.aws import stack

pytestmark = pytest.mark.integration

MOTO_CONFIG = {"stepfunctions": {"execute_state_machine": True}}


@pytest.mark.parametrize("function_timeout", [60, 300, 900])
def test_run_step_waits_longer_than_the_function_may_run(monkeypatch, function_timeout) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", stack.REGION)
    full = json.loads(
        stack.state_machine_definition(
            {
                "BrowserFunctionArn": "unused",
                "FinalizeFunctionArn": "unused",
                "StepTimeoutSeconds": str(function_timeout),
            }
        )
    )
    prepare = dict(full["States"][full["StartAt"]])
    prepare.pop("Next")
    prepare["End"] = True
    definition = {"StartAt": "Prepare", "States": {"Prepare": prepare}}
    with mock_aws(config=MOTO_CONFIG):
        sfn = boto3.client("stepfunctions")
        machine = sfn.create_state_machine(
            name="prepare",
            definition=json.dumps(definition),
            roleArn="arn:aws:iam::123456789012:role/sfn",
        )["stateMachineArn"]
        arn = sfn.start_execution(stateMachineArn=machine, input='{"run_id": "tsk_1"}')[
            "executionArn"
        ]
        stop_at = time.monotonic() + 60
        while True:
            execution = sfn.describe_execution(executionArn=arn)
            if execution["status"] != "RUNNING" or time.monotonic() > stop_at:
                break
            time.sleep(0.05)
    assert execution["status"] == "SUCCEEDED", execution
    output = json.loads(execution["output"])
    assert output["run_id"] == "tsk_1"
    step_timeout = output["limits"]["step_timeout_seconds"]
    assert step_timeout == function_timeout + 60
