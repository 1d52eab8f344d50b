"""What template.yaml promises, read from the template itself (no AWS needed)."""

import ast
import json
import subprocess
import sys

import pytest

from tests.integration.aws.stack import EVENTS, ROOT, resource, template

pytestmark = pytest.mark.integration

ZIP_FUNCTIONS = ("ApiFunction", "WebhookFunction", "FinalizeFunction")


def functions() -> dict[str, dict]:
    return {
        name: res
        for name, res in template()["Resources"].items()
        if res["Type"] == "AWS::Serverless::Function"
    }


def test_every_zip_handler_exists_and_defines_handler() -> None:
    for name in ZIP_FUNCTIONS:
        props = resource(name)["Properties"]
        module, _, function = props["Handler"].partition(".")
        source = ROOT / props["CodeUri"] / f"{module}.py"
        tree = ast.parse(source.read_text())
        defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        assert function in defined, f"{name}: {source} has no {function}()"
        assert props["Runtime"] in ("python3.11", "python3.12")
        assert props["Layers"] == [{"Ref": "CoreLayer"}]


def test_browser_function_is_an_image_built_from_the_dockerfile() -> None:
    browser = resource("BrowserFunction")
    assert browser["Properties"]["PackageType"] == "Image"
    dockerfile = ROOT / browser["Metadata"]["DockerContext"] / browser["Metadata"]["Dockerfile"]
    text = dockerfile.read_text()
    assert "playwright install" not in text  # the distribution's chromium, no download
    assert 'CMD ["app.handler"]' in text
    memory = template()["Parameters"]["BrowserMemorySize"]
    assert all(2048 <= m <= 3008 for m in memory["AllowedValues"])


def test_table_is_on_demand_with_recovery_encryption_and_ttl() -> None:
    props = resource("RunsTable")["Properties"]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["SSESpecification"]["SSEEnabled"] is True
    assert props["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}


def test_bucket_is_private_encrypted_and_expires() -> None:
    props = resource("ArtifactsBucket")["Properties"]
    assert all(props["PublicAccessBlockConfiguration"].values())
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert props["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"]


def test_no_function_gets_a_wildcard_resource() -> None:
    def statements(policies):
        for policy in policies:
            if isinstance(policy, dict) and "Statement" in policy:
                yield from policy["Statement"]
            elif isinstance(policy, dict) and "Fn::If" in policy:
                yield from statements([p for p in policy["Fn::If"][1:] if isinstance(p, dict)])

    for name, fn in functions().items():
        for statement in statements(fn["Properties"].get("Policies", [])):
            assert statement["Resource"] != "*", f"{name}: {statement}"


def test_state_machine_retries_lambda_faults_and_catches_the_rest() -> None:
    definition = json.loads((ROOT / "statemachine/run.asl.json").read_text())
    step = definition["States"]["RunStep"]
    retried = set(step["Retry"][0]["ErrorEquals"])
    assert {"Lambda.ServiceException", "Lambda.TooManyRequestsException"} <= retried
    assert step["Catch"][0]["ErrorEquals"] == ["States.ALL"]
    assert definition["States"][step["Catch"][0]["Next"]]["Type"] == "Task"


def test_every_handler_has_sample_events() -> None:
    names = {path.name for path in EVENTS.glob("*.json")}
    assert {"api_run_task.json", "api_get_run.json", "step_input.json"} <= names
    assert {"run_finished.json", "execution_status_change.json", "step_failed.json"} <= names


def test_api_url_is_an_output() -> None:
    assert "ApiUrl" in template()["Outputs"]


BLOCK_HEAVY = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('playwright', 'litellm'):
            raise ImportError('not in the core layer: ' + name)
sys.meta_path.insert(0, Block())
import importlib.util
for index, path in enumerate(sys.argv[1:]):
    spec = importlib.util.spec_from_file_location(f'fn{index}', path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
from stratus.bootstrap import build_container
from stratus.api.app import create_app
from stratus.config import Settings
settings = Settings(mode='aws', runs_table='t', artifacts_bucket='b', kms_key_id='k')
container = build_container(settings)
create_app(container)
container.webhooks, container.lifecycle, container.runs  # what the zip functions use
print('ok')
"""


def test_zip_functions_load_without_playwright_or_litellm(tmp_path) -> None:
    """The core layer leaves out playwright and litellm; the zip functions must not need them."""
    paths = [str(ROOT / resource(n)["Properties"]["CodeUri"] / "app.py") for n in ZIP_FUNCTIONS]
    script = tmp_path / "load.py"
    script.write_text(BLOCK_HEAVY)
    result = subprocess.run(
        [sys.executable, str(script), *paths],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={
            "LITELLM_LOCAL_MODEL_COST_MAP": "True",
            "PATH": "/usr/bin:/bin",
            "AWS_REGION": "us-east-1",
        },
        timeout=120,
    )
    assert result.stdout.strip() == "ok", result.stderr[-2000:]


# ---------------------------------------------------------------- hardening

NAME_PROPERTIES = ("TableName", "BucketName", "QueueName", "FunctionName", "Name", "AliasName")


def test_retained_resources_carry_no_fixed_name() -> None:
    """After `sam delete` they stay; a fixed name would break the next deploy of the stage."""
    for name, res in template()["Resources"].items():
        if res.get("DeletionPolicy") == "Retain":
            named = set(res.get("Properties", {})) & set(NAME_PROPERTIES)
            assert not named, f"{name} is retained and named by {named}"


def browser_statements() -> list[dict]:
    found = []
    for policy in resource("BrowserFunction")["Properties"]["Policies"]:
        if isinstance(policy, dict) and "Fn::If" in policy:
            policy = policy["Fn::If"][1]
        if isinstance(policy, dict) and "Statement" in policy:
            found.extend(policy["Statement"])
        else:
            found.append(policy)  # a SAM policy template
    return found


def test_browser_function_reaches_run_items_only() -> None:
    from fnmatch import fnmatchcase

    from stratus.adapters.aws import dynamodb_browser_sessions as sessions
    from stratus.adapters.aws import dynamodb_items as items
    from stratus.adapters.aws import dynamodb_scripts as scripts

    statements = browser_statements()
    text = json.dumps(statements)
    assert "DynamoDBCrudPolicy" not in text and "S3CrudPolicy" not in text
    assert "KeysKey" not in text  # no API-key decryption
    (table,) = [s for s in statements if s.get("Sid") == "RunItemsOnly"]
    prefixes = table["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]
    reachable = [
        items.run_pk("tsk_1"),
        scripts.scripts_pk("o_1"),
        sessions.session_pk("pbs_1"),
        items.totp_pk("o_1", "a@b.c"),
    ]
    unreachable = [items.key_pk("k_1"), items.digest_lookup("ab"), items.org_pk("o_1")]
    assert all(any(fnmatchcase(pk, p) for p in prefixes) for pk in reachable)
    assert not any(fnmatchcase(pk, p) for pk in unreachable for p in prefixes)
    indexes = [s for s in statements if s.get("Sid") == "ActiveRunsIndex"]
    assert [s["Action"] for s in indexes] == ["dynamodb:Query"]
    assert "Scan" not in text and "BatchGetItem" not in text


def test_browser_function_touches_its_own_object_prefixes_only() -> None:
    from stratus.adapters.browser_state import state_key
    from stratus.domain.browser_sessions import session_state_key

    (objects,) = [s for s in browser_statements() if s.get("Sid") == "RunObjects"]
    assert sorted(objects["Action"]) == ["s3:GetObject", "s3:PutObject"]
    patterns = [r["Fn::Sub"].removeprefix("${ArtifactsBucket.Arn}/") for r in objects["Resource"]]
    assert patterns == ["state/*", "o_*", "remote/*"]
    assert state_key("tsk_1").startswith("state/")
    assert session_state_key("pbs_1").startswith("state/")
    from stratus.adapters.aws.agentcore_browser import remote_key

    assert remote_key("tsk_1").startswith("remote/")


def test_artifacts_are_sealed_with_their_own_key_which_their_readers_may_use() -> None:
    (rule,) = resource("ArtifactsBucket")["Properties"]["BucketEncryption"][
        "ServerSideEncryptionConfiguration"
    ]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert rule["ServerSideEncryptionByDefault"]["KMSMasterKeyID"] == {
        "Fn::GetAtt": ["ArtifactsKey", "Arn"]
    }
    assert rule["BucketKeyEnabled"] is True
    for name, fn in functions().items():
        text = json.dumps(fn["Properties"].get("Policies", []))
        if "ArtifactsBucket" in text:
            assert "ArtifactsKey" in text, f"{name} reads the bucket but cannot decrypt"


def test_browser_chromium_flags_keep_multiple_contexts_working() -> None:
    env = resource("BrowserFunction")["Properties"]["Environment"]["Variables"]
    flags = json.loads(env["STRATUS_CHROMIUM_EXTRA_ARGS"])
    assert "--disable-dev-shm-usage" in flags
    assert not {"--single-process", "--no-zygote"} & set(flags)


def test_every_function_logs_to_its_own_group_with_retention() -> None:
    groups = [fn["Properties"]["LoggingConfig"]["LogGroup"]["Ref"] for fn in functions().values()]
    assert len(set(groups)) == len(groups) == len(functions())
    for group in groups:
        assert resource(group)["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    api = resource("HttpApi")["Properties"]["AccessLogSettings"]
    assert api["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogGroup", "Arn"]}
    machine = resource("RunStateMachine")["Properties"]["Logging"]
    assert machine["Level"] == "ERROR" and machine["IncludeExecutionData"] is False
    assert template()["Globals"]["Function"]["Tracing"] == "Active"
    assert (
        "POWERTOOLS_METRICS_NAMESPACE"
        in template()["Globals"]["Function"]["Environment"]["Variables"]
    )


def test_alarms_watch_the_queues_and_the_executions() -> None:
    watched = {}
    for res in template()["Resources"].values():
        if res["Type"] == "AWS::CloudWatch::Alarm":
            props = res["Properties"]
            assert props["Threshold"] == 0 and props["ComparisonOperator"] == "GreaterThanThreshold"
            assert props["AlarmActions"]["Fn::If"][0] == "HasAlarmTopic"
            (dimension,) = props["Dimensions"]
            target = dimension["Value"].get("Ref") or dimension["Value"]["Fn::GetAtt"][0]
            watched.setdefault(props["MetricName"], set()).add(target)
    assert watched == {
        "ApproximateNumberOfMessagesVisible": {
            "WebhookDeadLetterQueue",
            "FailedEventsQueue",
            "RunRequestsDeadLetterQueue",
        },
        "ExecutionsFailed": {"RunStateMachine"},
        "ExecutionsTimedOut": {"RunStateMachine"},
    }


def test_admission_limits_reach_the_functions() -> None:
    for name, parameter in (
        ("BrowserFunction", "BrowserReservedConcurrency"),
        ("ApiFunction", "ApiReservedConcurrency"),
    ):
        reserved = resource(name)["Properties"]["ReservedConcurrentExecutions"]["Fn::If"]
        assert reserved[1] == {"Ref": parameter} and reserved[2] == {"Ref": "AWS::NoValue"}
    env = template()["Globals"]["Function"]["Environment"]["Variables"]
    assert env["STRATUS_MAX_ACTIVE_RUNS_PER_ORGANIZATION"] == {
        "Ref": "MaxActiveRunsPerOrganization"
    }
    assert env["STRATUS_MAX_ACTIVE_RUNS"]["Fn::If"][1] == {"Ref": "MaxActiveRuns"}
    assert env["STRATUS_EVENT_SOURCE"] == {"Fn::Sub": "stratus.${Stage}"}


def test_sweeper_is_scheduled_and_may_restart_runs_and_sign_webhooks() -> None:
    props = resource("SweeperFunction")["Properties"]
    assert props["CodeUri"] == "functions/sweeper/" and props["Handler"] == "app.handler"
    assert props["Timeout"] == 300 and props["AutoPublishAlias"] == "live"
    (event,) = props["Events"].values()
    assert event["Type"] == "ScheduleV2"
    assert event["Properties"]["ScheduleExpression"] == "rate(1 minute)"
    text = json.dumps(props["Policies"])
    for needed in ("states:StartExecution", "states:DescribeExecution", "KeysKey", "RunsTable"):
        assert needed in text


def test_step_task_outlives_the_step_function_and_retries_timeouts() -> None:
    definition = json.loads((ROOT / "statemachine/run.asl.json").read_text())
    step = definition["States"]["RunStep"]
    assert step["TimeoutSecondsPath"] == "$.limits.step_timeout_seconds"
    prepare = definition["States"][definition["StartAt"]]
    assert prepare["Next"] == "RunStep" and prepare["ResultPath"] == "$.limits"
    retried = {error for retrier in step["Retry"] for error in retrier["ErrorEquals"]}
    assert {"Lambda.ClientExecutionTimeoutException", "States.Timeout"} <= retried
