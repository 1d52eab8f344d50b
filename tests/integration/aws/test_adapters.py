"""The S3, KMS, Step Functions and EventBridge adapters against moto."""

import json

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from stratus.adapters.aws import build_aws_adapters
from stratus.adapters.aws.eventbridge import EventBridgePublisher, run_finished_detail
from stratus.adapters.aws.kms_secrets import KmsSecretBox
from stratus.adapters.aws.provider_keys import export_provider_keys
from stratus.adapters.aws.s3_artifacts import S3ArtifactStore
from stratus.adapters.aws.stepfunctions import StepFunctionsOrchestrator, execution_arn
from stratus.config import Settings
from stratus.domain.status import RunStatus
from stratus.ports import NotFound
from tests.contract.store_contract import make_run
from tests.integration.aws.stack import REGION, create_runs_table

pytestmark = pytest.mark.integration

DEFINITION = json.dumps(
    {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 600, "End": True}}}
)


@pytest.fixture
def aws(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        yield


def test_s3_artifacts_round_trip_and_presign(aws) -> None:
    client = boto3.client("s3", region_name=REGION)
    client.create_bucket(Bucket="artifacts")
    store = S3ArtifactStore(client, "artifacts")
    store.put("o_1/tsk_1/000-0/screenshot.png", b"\x89PNG", "image/png")
    assert store.get("o_1/tsk_1/000-0/screenshot.png") == (b"\x89PNG", "image/png")
    with pytest.raises(NotFound):
        store.get("o_1/missing.png")
    url = store.url_for("o_1/tsk_1/000-0/screenshot.png")
    assert url.startswith("https://artifacts.s3.amazonaws.com/o_1/tsk_1/000-0/screenshot.png?")


def test_built_adapters_presign_with_sigv4(aws) -> None:
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="artifacts")
    table = create_runs_table(boto3.client("dynamodb", region_name=REGION))
    key = boto3.client("kms", region_name=REGION).create_key()["KeyMetadata"]["KeyId"]
    adapters = build_aws_adapters(
        Settings(mode="aws", runs_table=table, artifacts_bucket="artifacts", kms_key_id=key)
    )
    adapters.artifacts.put("k.png", b"x", "image/png")
    url = adapters.artifacts.url_for("k.png")
    assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in url and "X-Amz-Expires=21600" in url


def test_build_requires_the_table_bucket_and_key(aws) -> None:
    with pytest.raises(RuntimeError, match="STRATUS_RUNS_TABLE"):
        build_aws_adapters(Settings(mode="aws", artifacts_bucket="b", kms_key_id="k"))


def test_kms_seals_with_an_encryption_context(aws) -> None:
    client = boto3.client("kms", region_name=REGION)
    key_id = client.create_key()["KeyMetadata"]["KeyId"]
    box = KmsSecretBox(client, key_id)
    sealed = box.seal("sk-secret-key")
    assert "sk-secret-key" not in sealed and sealed.startswith("kms1:")
    assert box.open(sealed) == "sk-secret-key"
    other_use = KmsSecretBox(client, key_id, context={"app": "stratus", "purpose": "other"})
    with pytest.raises(ClientError):
        other_use.open(sealed)
    with pytest.raises(ValueError):
        box.open("plain")


def test_step_functions_start_is_idempotent_and_cancel_stops(aws) -> None:
    client = boto3.client("stepfunctions", region_name=REGION)
    arn = client.create_state_machine(
        name="run", definition=DEFINITION, roleArn="arn:aws:iam::123456789012:role/sfn"
    )["stateMachineArn"]
    orchestrator = StepFunctionsOrchestrator(client, arn)
    run = make_run()
    orchestrator.start(run)
    orchestrator.start(run)  # a retried start: no second execution, no error
    executions = client.list_executions(stateMachineArn=arn)["executions"]
    assert [e["name"] for e in executions] == [run.run_id]
    described = client.describe_execution(executionArn=execution_arn(arn, run.run_id))
    assert json.loads(described["input"]) == {"run_id": run.run_id}
    orchestrator.cancel(run)
    described = client.describe_execution(executionArn=execution_arn(arn, run.run_id))
    assert described["status"] == "ABORTED"
    orchestrator.cancel(make_run())  # never started: nothing to stop, no error


def test_orchestrator_without_a_state_machine_refuses_to_start(aws) -> None:
    orchestrator = StepFunctionsOrchestrator(boto3.client("stepfunctions"), None)
    with pytest.raises(RuntimeError, match="STRATUS_STATE_MACHINE_ARN"):
        orchestrator.start(make_run())


def test_execution_arn_from_state_machine_arn() -> None:
    arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:stratus-prod-run"
    assert (
        execution_arn(arn, "tsk_1")
        == "arn:aws:states:eu-west-1:123456789012:execution:stratus-prod-run:tsk_1"
    )
    with pytest.raises(ValueError):
        execution_arn("arn:aws:lambda:eu-west-1:1:function:x", "tsk_1")


def test_run_finished_event_reaches_a_subscriber(aws) -> None:
    sqs = boto3.client("sqs", region_name=REGION)
    queue = sqs.create_queue(QueueName="subscriber")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    events = boto3.client("events", region_name=REGION)
    events.put_rule(Name="all-stratus", EventPattern=json.dumps({"source": ["stratus"]}))
    events.put_targets(Rule="all-stratus", Targets=[{"Id": "q", "Arn": queue_arn}])
    run = make_run(status=RunStatus.completed)
    run = run.model_copy(update={"finished_at": run.created_at})
    EventBridgePublisher(events).publish_run_finished(run)
    body = json.loads(sqs.receive_message(QueueUrl=queue)["Messages"][0]["Body"])
    assert body["source"] == "stratus" and body["detail-type"] == "Run Finished"
    assert body["detail"] == run_finished_detail(run)
    assert set(body["detail"]) == {
        "run_id",
        "organization_id",
        "status",
        "run_type",
        "finished_at",
        "idempotency_key",
        "reply_to",
    }
    assert body["detail"]["status"] == "completed"


def test_provider_keys_are_exported_without_overriding(aws) -> None:
    client = boto3.client("secretsmanager", region_name=REGION)
    arn = client.create_secret(
        Name="stratus/providers",
        SecretString=json.dumps({"OPENAI_API_KEY": "sk-1", "ANTHROPIC_API_KEY": "sk-2"}),
    )["ARN"]
    environ = {"ANTHROPIC_API_KEY": "already-set"}
    assert export_provider_keys(client, arn, environ) == ["OPENAI_API_KEY"]
    assert environ == {"OPENAI_API_KEY": "sk-1", "ANTHROPIC_API_KEY": "already-set"}
    assert export_provider_keys(client, "", environ) == []
