"""The whole stack on moto: the table, bucket, key, rule and state machine of template.yaml,
with moto's Lambda invoke dispatching by function name to the project's own handlers.

Each function gets its own container (as each Lambda does), built with the AWS adapters on
moto; only the engine, the browser and the outbound HTTP sender are fakes. The sweeper's
container may be given its own clock (``sweeper_clock``), to stand after the grace periods.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import ModuleType, SimpleNamespace
from typing import Any

import boto3
from moto.awslambda_simple.models import LambdaSimpleBackend

from stratus.adapters.aws.stepfunctions import execution_arn
from stratus.bootstrap import build_container
from stratus.config import Settings
from stratus.services.engines import BUILTIN, EngineRegistry
from tests.fakes.runtime import FakeBrowserProvider, RecordingHttp, ScriptedEngine
from tests.integration.aws import stack

ACCOUNT = "123456789012"
PREFIX = f"arn:aws:lambda:{stack.REGION}:{ACCOUNT}:function:"
BROWSER_FUNCTION = "stratus-test-browser-step"
FINALIZE_FUNCTION = "stratus-test-finalize"
STATE_MACHINE = "stratus-test-run"
STAGE = "test"  # the stack's Stage parameter: events come from stratus.<Stage>
MOTO_CONFIG = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
FINISHED_STATES = ("SUCCEEDED", "FAILED", "ABORTED", "TIMED_OUT")


def load_handler_module(relative_path: str, name: str) -> ModuleType:
    """Loads a Lambda entry point (functions/<name>/app.py) as its own module."""
    spec = importlib.util.spec_from_file_location(name, stack.ROOT / relative_path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


class Dispatcher:
    """Stands in for Lambda: runs a function's handler and answers as Lambda would."""

    def __init__(self) -> None:
        self.handlers: dict[str, Any] = {}
        self.invocations: list[tuple[str, dict[str, Any]]] = []
        self.crash_on: set[tuple[str, int]] = set()  # (function, nth invocation): dies

    def invoke(self, function_name: str, body: Any, response_headers: dict[str, str]) -> bytes:
        name = function_name.removeprefix(PREFIX)
        event = json.loads(body or b"{}")
        self.invocations.append((name, event))
        nth = sum(1 for called, _ in self.invocations if called == name)
        if (name, nth) in self.crash_on:
            response_headers["x-amz-function-error"] = "Unhandled"
            return _error_payload("Runtime.ExitError", "Runtime exited with error: signal: killed")
        try:
            result = self.handlers[name](event, SimpleNamespace(function_name=name))
        except Exception as exc:  # what Lambda reports for an unhandled exception
            response_headers["x-amz-function-error"] = "Unhandled"
            return _error_payload(type(exc).__name__, str(exc), traceback.format_exc())
        return json.dumps(result).encode()

    def count(self, name: str) -> int:
        return sum(1 for called, _ in self.invocations if called == name)


def _error_payload(kind: str, message: str, trace: str = "") -> bytes:
    return json.dumps(
        {"errorType": kind, "errorMessage": message, "stackTrace": trace.splitlines()}
    ).encode()


@dataclass
class Stack:
    settings: Settings
    engine: ScriptedEngine
    http: RecordingHttp
    dispatcher: Dispatcher
    modules: dict[str, ModuleType]
    containers: dict[str, Any]
    queue_url: str
    state_machine_arn: str
    delivered_events: list[dict[str, Any]] = field(default_factory=list)
    queues: dict[str, str] = field(default_factory=dict)  # test queues by name

    def drain(self, queue: str) -> list[dict[str, Any]]:
        """Every message on one of the stack's queues, removed, with its attributes."""
        sqs = boto3.client("sqs", region_name=stack.REGION)
        messages = []
        while True:
            reply = sqs.receive_message(
                QueueUrl=self.queues[queue],
                MaxNumberOfMessages=10,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            )
            batch = reply.get("Messages", [])
            if not batch:
                return messages
            for message in batch:
                messages.append(message)
                sqs.delete_message(
                    QueueUrl=self.queues[queue], ReceiptHandle=message["ReceiptHandle"]
                )

    def ingest(self, event: dict[str, Any]) -> dict[str, Any]:
        """One invocation of the ingest function (its own thread, as another Lambda's)."""
        context = SimpleNamespace(function_name="ingest")
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(self.modules["ingest"].handler, event, context).result()

    def request_by_event(
        self, detail: dict[str, Any], *, account: str | None = None
    ) -> list[dict[str, Any]]:
        """Puts a "Run Requested" event on the bus; each event the template's rule routes is
        handed to the ingest function (``account`` stands for another sender account)."""
        boto3.client("events", region_name=stack.REGION).put_events(
            Entries=[
                {
                    "Source": "partner.orders",
                    "DetailType": "Run Requested",
                    "Detail": json.dumps(detail),
                    "EventBusName": "default",
                }
            ]
        )
        replies = []
        for message in self.drain("run-requested"):
            event = json.loads(message["Body"])
            # moto's SQS target drops the "account" EventBridge sets on every event
            event["account"] = account or event.get("account") or ACCOUNT
            replies.append(self.ingest(event))
        return replies

    def request_by_queue(self, *bodies: Any) -> dict[str, Any]:
        """Sends messages to the run requests queue, then hands them to the ingest function
        as the SQS event source mapping does (one batch)."""
        sqs = boto3.client("sqs", region_name=stack.REGION)
        for body in bodies:
            text = body if isinstance(body, str) else json.dumps(body)
            sqs.send_message(QueueUrl=self.queues["run-requests"], MessageBody=text)
        records = [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": message["Attributes"],
                "messageAttributes": {},
                "eventSource": "aws:sqs",
                "eventSourceARN": f"arn:aws:sqs:{stack.REGION}:{ACCOUNT}:run-requests",
                "awsRegion": stack.REGION,
            }
            for message in self.drain("run-requests")
        ]
        return self.ingest({"Records": records})

    @property
    def sfn(self) -> Any:
        return boto3.client("stepfunctions", region_name=stack.REGION)

    def api(self, event_name: str, *, api_key: str, path: str | None = None) -> dict[str, Any]:
        event = stack.sample_event(event_name)
        event["headers"]["x-api-key"] = api_key
        if path is not None:
            event["rawPath"] = path
            event["requestContext"]["http"]["path"] = path
            event["pathParameters"] = {"proxy": path.lstrip("/")}
        # Its own thread, as another Lambda would be: the caller may be inside a step's loop.
        with ThreadPoolExecutor(max_workers=1) as pool:
            call = pool.submit(self.modules["api"].handler, event, SimpleNamespace())
            return call.result()

    def execution_arn(self, run_id: str, restarts: int = 0) -> str:
        return execution_arn(self.state_machine_arn, run_id, restarts)

    def sweep(self) -> dict[str, Any]:
        """One invocation of the sweeper function."""
        context = SimpleNamespace(
            function_name="sweeper", get_remaining_time_in_millis=lambda: 60_000
        )
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(self.modules["sweeper"].handler, {}, context).result()

    def wait_for_execution(
        self, run_id: str, *, limit_seconds: float = 120, restarts: int = 0
    ) -> dict[str, Any]:
        arn = self.execution_arn(run_id, restarts)
        stop_at = time.monotonic() + limit_seconds
        while True:
            execution = self.sfn.describe_execution(executionArn=arn)
            if execution["status"] in FINISHED_STATES or time.monotonic() > stop_at:
                return execution
            time.sleep(0.05)

    def run_finished_events(self) -> list[dict[str, Any]]:
        """Events the template's "Run Finished" rule routed to its (test) SQS target."""
        sqs = boto3.client("sqs", region_name=stack.REGION)
        events = []
        while True:
            reply = sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=10)
            messages = reply.get("Messages", [])
            if not messages:
                return events
            for message in messages:
                events.append(json.loads(message["Body"]))
                sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])

    def send_replies(self, *, repeat: int = 2) -> list[dict[str, Any]]:
        """Feeds every event the template's reply rule routed to the reply function
        ``repeat`` times (as retries do); its answers."""
        answers = []
        for message in self.drain("replies"):
            event = json.loads(message["Body"])
            for _ in range(repeat):
                context = SimpleNamespace(function_name="reply")
                answers.append(self.modules["reply"].handler(event, context))
        return answers

    def deliver_webhooks(self, *, repeat: int = 2) -> list[dict[str, Any]]:
        """Feeds every routed event to the webhook handler ``repeat`` times (as retries do)."""
        events = self.run_finished_events()
        for event in events:
            for _ in range(repeat):
                self.modules["webhook"].handler(event, SimpleNamespace(function_name="webhook"))
        self.delivered_events.extend(events)
        return events


def build_stack(
    monkeypatch: Any, engine: ScriptedEngine, *, sweeper_clock: Any = None, **setting_overrides: Any
) -> Stack:
    """Call inside ``mock_aws(config=MOTO_CONFIG)``."""
    region = stack.REGION
    monkeypatch.setenv("AWS_DEFAULT_REGION", region)  # as AWS_REGION is on Lambda
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "true")  # no X-Ray daemon here
    dynamodb = boto3.client("dynamodb", region_name=region)
    table = stack.create_runs_table(dynamodb)
    s3 = boto3.client("s3", region_name=region)
    s3.create_bucket(Bucket="stratus-test-artifacts")
    key_id = boto3.client("kms", region_name=region).create_key()["KeyMetadata"]["Arn"]

    sqs = boto3.client("sqs", region_name=region)
    queue_url = sqs.create_queue(QueueName="run-finished")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    events = boto3.client("events", region_name=region)
    pattern = stack.rule_pattern("WebhookFunction", "RunFinished", refs={"Stage": STAGE})
    events.put_rule(Name="run-finished", EventPattern=json.dumps(pattern))
    events.put_targets(Rule="run-finished", Targets=[{"Id": "queue", "Arn": queue_arn}])

    queues = {
        name: sqs.create_queue(QueueName=name)["QueueUrl"]
        for name in ("run-requests", "run-requests-dlq", "run-requested", "refusals", "replies")
    }

    def route(rule: str, rule_pattern: dict[str, Any], queue: str) -> None:
        arn = sqs.get_queue_attributes(QueueUrl=queues[queue], AttributeNames=["QueueArn"])
        events.put_rule(Name=rule, EventPattern=json.dumps(rule_pattern))
        events.put_targets(
            Rule=rule, Targets=[{"Id": "queue", "Arn": arn["Attributes"]["QueueArn"]}]
        )

    route(
        "run-requested",
        stack.rule_pattern("IngestFunction", "RunRequested", refs={}),
        "run-requested",
    )
    route(
        "reply",
        stack.rule_pattern("ReplyFunction", "RunFinished", refs={"Stage": STAGE}),
        "replies",
    )
    route(
        "refused",
        {"source": [f"stratus.{STAGE}"], "detail-type": ["Run Request Refused"]},
        "refusals",
    )

    definition = stack.state_machine_definition(
        {
            "BrowserFunctionArn": PREFIX + BROWSER_FUNCTION,
            "FinalizeFunctionArn": PREFIX + FINALIZE_FUNCTION,
            "StepTimeoutSeconds": "300",
        }
    )
    sfn = boto3.client("stepfunctions", region_name=region)
    machine_arn = sfn.create_state_machine(
        name=STATE_MACHINE,
        definition=definition,
        roleArn=f"arn:aws:iam::{ACCOUNT}:role/stratus-test-sfn",
        type="STANDARD",
    )["stateMachineArn"]

    settings = Settings(
        mode="aws",
        runs_table=table,
        state_machine_arn=machine_arn,
        artifacts_bucket="stratus-test-artifacts",
        kms_key_id=key_id,
        allow_private_urls=True,  # no DNS here; the URL guard is tested elsewhere
        webhook_retry_schedule_seconds=[0, 0],
        event_source=f"stratus.{STAGE}",
        request_dead_letter_queue_url=queues["run-requests-dlq"],
        **setting_overrides,
    )
    http = RecordingHttp()

    def container(**extra: Any) -> Any:
        registry = EngineRegistry(
            settings, {BUILTIN: lambda: engine, "skyvern-1.0": lambda: engine}
        )
        return build_container(
            settings, engines=registry, browser=FakeBrowserProvider(), http=http, llm=None, **extra
        )

    modules = {
        "api": load_handler_module("functions/api/app.py", "stratus_fn_api"),
        "webhook": load_handler_module("functions/webhook/app.py", "stratus_fn_webhook"),
        "finalize": load_handler_module("functions/finalize/app.py", "stratus_fn_finalize"),
        "browser": load_handler_module("browser_container/app.py", "stratus_fn_browser"),
        "sweeper": load_handler_module("functions/sweeper/app.py", "stratus_fn_sweeper"),
        "ingest": load_handler_module("functions/ingest/app.py", "stratus_fn_ingest"),
        "reply": load_handler_module("functions/reply/app.py", "stratus_fn_reply"),
    }
    containers = {name: container() for name in ("api", "webhook", "finalize", "ingest", "reply")}
    containers["sweeper"] = container(**({"clock": sweeper_clock} if sweeper_clock else {}))
    browser_module = modules["browser"]
    containers["browser"] = container(owner=browser_module.DIRECT_CALL)
    for name in ("api", "webhook", "finalize", "sweeper", "ingest", "reply"):
        one = containers[name]
        monkeypatch.setattr(
            modules[name], "bootstrap", SimpleNamespace(get_container=lambda c=one: c)
        )
    monkeypatch.setattr(browser_module, "_container", containers["browser"])

    dispatcher = Dispatcher()
    dispatcher.handlers = {
        BROWSER_FUNCTION: browser_module.handler,
        FINALIZE_FUNCTION: modules["finalize"].handler,
    }

    def invoke(
        self: Any,
        function_name: str,
        qualifier: Any,
        body: Any,
        headers: Any,
        response_headers: Any,
    ) -> bytes:
        return dispatcher.invoke(function_name, body, response_headers)

    monkeypatch.setattr(LambdaSimpleBackend, "invoke", invoke)
    return Stack(
        settings=settings,
        engine=engine,
        http=http,
        dispatcher=dispatcher,
        modules=modules,
        containers=containers,
        queue_url=queue_url,
        state_machine_arn=machine_arn,
        queues=queues,
    )
