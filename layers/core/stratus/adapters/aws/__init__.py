"""The AWS adapters: DynamoDB, Step Functions, EventBridge, S3 and KMS.

``build_aws_adapters`` is called once per process by the composition root, so every boto3
client here is built once per process and reused by every invocation of a warm Lambda.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config

from ...config import Settings
from ...ports import (
    ArtifactStore,
    BrowserProfileStore,
    BrowserSessionStore,
    DeadLetters,
    IdempotencyKeys,
    IdempotentRequests,
    RunEvents,
    RunExecutions,
    RunStore,
    ScriptStore,
    SecretBox,
)
from .dynamodb_browser_profiles import DynamoDbBrowserProfileStore
from .dynamodb_browser_sessions import DynamoDbBrowserSessionStore
from .dynamodb_idempotency import DynamoDbIdempotencyKeys
from .dynamodb_idempotent_requests import DynamoDbIdempotentRequests
from .dynamodb_scripts import DynamoDbScriptStore
from .dynamodb_store import DynamoDbRunStore
from .eventbridge import EventBridgePublisher
from .kms_secrets import PROFILE_ENCRYPTION_CONTEXT, KmsSecretBox
from .reply_destinations import SqsSnsReplySender
from .s3_artifacts import S3ArtifactStore
from .s3_uploads import S3UploadedFiles
from .sqs_dead_letters import SqsDeadLetters
from .stepfunctions import StepFunctionsOrchestrator

# Standard retry mode backs off on throttling; connect/read timeouts stay below Lambda's.
CLIENT_CONFIG = Config(retries={"mode": "standard", "max_attempts": 5}, connect_timeout=5)
# Presigned artifact URLs: SigV4 on the bucket's regional virtual-host endpoint.
S3_CONFIG = CLIENT_CONFIG.merge(
    Config(signature_version="s3v4", s3={"addressing_style": "virtual"})
)


@dataclass
class AwsAdapters:
    store: RunStore
    orchestrator: RunExecutions
    events: RunEvents
    artifacts: ArtifactStore
    secrets: SecretBox
    scripts: ScriptStore | None = None  # learned scripts, in the runs table
    browser_sessions: BrowserSessionStore | None = None  # in the runs table
    browser_profiles: BrowserProfileStore | None = None  # in the runs table
    profile_secrets: SecretBox | None = None  # seals profiles' data keys (own KMS context)
    table: Any = None  # the runs table resource, for the other records kept in it
    idempotency_keys: IdempotencyKeys | None = None  # in the runs table
    # the answers of create requests sent with an Idempotency-Key header, in the runs table
    idempotent_requests: IdempotentRequests | None = None
    dead_letters: DeadLetters | None = None  # run requests that cannot be served (ingest)
    replies: SqsSnsReplySender | None = None  # "Run Finished" to requests' reply_to (reply)
    uploads: S3UploadedFiles | None = None  # files clients upload, in the artifacts bucket


def _require(value: str | None, variable: str) -> str:
    if not value:
        raise RuntimeError(f"{variable} must be set in AWS mode")
    return value


def build_aws_adapters(settings: Settings, *, session: Any = None) -> AwsAdapters:
    """Adapters for ``settings`` (mode "aws"); ``session`` is a boto3 Session (default: new)."""
    # Lambda sets AWS_REGION (and AWS_DEFAULT_REGION); boto3 reads only the latter.
    session = session or boto3.session.Session(region_name=os.environ.get("AWS_REGION"))

    def client(service: str, config: Config = CLIENT_CONFIG) -> Any:
        return session.client(service, config=config)

    table = session.resource("dynamodb", config=CLIENT_CONFIG).Table(
        _require(settings.runs_table, "STRATUS_RUNS_TABLE")
    )
    s3 = client("s3", S3_CONFIG)
    bucket = _require(settings.artifacts_bucket, "STRATUS_ARTIFACTS_BUCKET")
    return AwsAdapters(
        store=DynamoDbRunStore(table),
        # The state machine ARN is only needed by the API (start, cancel); the functions the
        # state machine itself invokes are built without it.
        orchestrator=StepFunctionsOrchestrator(client("stepfunctions"), settings.state_machine_arn),
        events=EventBridgePublisher(
            client("events"), settings.event_bus_name, settings.event_source
        ),
        artifacts=S3ArtifactStore(s3, bucket),
        secrets=KmsSecretBox(client("kms"), _require(settings.kms_key_id, "STRATUS_KMS_KEY_ID")),
        scripts=DynamoDbScriptStore(table),
        browser_sessions=DynamoDbBrowserSessionStore(table),
        browser_profiles=DynamoDbBrowserProfileStore(table),
        profile_secrets=KmsSecretBox(
            client("kms"),
            _require(settings.kms_key_id, "STRATUS_KMS_KEY_ID"),
            context=PROFILE_ENCRYPTION_CONTEXT,
        ),
        table=table,
        idempotency_keys=DynamoDbIdempotencyKeys(table),
        idempotent_requests=DynamoDbIdempotentRequests(table),
        dead_letters=(
            SqsDeadLetters(client("sqs"), settings.request_dead_letter_queue_url)
            if settings.request_dead_letter_queue_url
            else None
        ),
        uploads=S3UploadedFiles(s3, bucket),
        replies=SqsSnsReplySender(
            lambda service, region: session.client(
                service, region_name=region, config=CLIENT_CONFIG
            )
        ),
    )


__all__ = ["AwsAdapters", "build_aws_adapters"]
