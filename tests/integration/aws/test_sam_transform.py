"""template.yaml through the real SAM transform (scripts/sam_transform.py), as CloudFormation
runs it on deploy, and facts of the CloudFormation it becomes.

The translator is the one aws-sam-cli ships; it runs in the interpreter that has it (this one,
or the SAM CLI venv scripts/static_aws.sh installs).
"""

from __future__ import annotations

import importlib.util
import json
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.integration.aws.stack import ROOT, TEMPLATE

pytestmark = pytest.mark.integration

SCRIPT = ROOT / "scripts" / "sam_transform.py"
OLD_DLQ = "              Arn: !GetAtt WebhookDeadLetterQueue.Arn"
OLD_DLQ_FORM = "              Type: SQS\n              QueueLogicalId: WebhookDeadLetterQueue"


def sam_python() -> str:
    if importlib.util.find_spec("samtranslator") is not None:
        return sys.executable
    venv = ROOT / ".venv-sam" / "bin" / "python"
    if not venv.exists():
        pytest.skip("aws-sam-translator not installed: scripts/static_aws.sh installs it")
    return str(venv)


def run_transform(template: Path, output: Path, *parameters: str) -> subprocess.CompletedProcess:
    args = [sam_python(), str(SCRIPT), "--template", str(template), "--output", str(output)]
    for parameter in parameters:
        args += ["--parameter", parameter]
    return subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=ROOT)


@pytest.fixture(scope="module")
def cfn(tmp_path_factory) -> dict[str, Any]:
    output = tmp_path_factory.mktemp("sam") / "transformed.json"
    result = run_transform(TEMPLATE, output)
    assert result.returncode == 0, result.stderr
    return json.loads(output.read_text())


def resources(cfn: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in cfn["Resources"].items() if v["Type"] == kind}


def test_template_transforms_into_plain_cloudformation(cfn) -> None:
    kinds = {r["Type"] for r in cfn["Resources"].values()}
    assert not any(kind.startswith("AWS::Serverless::") for kind in kinds)
    assert "Transform" not in cfn


def test_the_old_dead_letter_form_is_rejected_by_the_transform(tmp_path) -> None:
    """SAM makes its own queue named QueueLogicalId, which clashes with the template's."""
    text = TEMPLATE.read_text()
    assert OLD_DLQ in text
    old = tmp_path / "template.yaml"
    old.write_text(text.replace(OLD_DLQ, OLD_DLQ_FORM, 1))
    result = run_transform(old, tmp_path / "out.json")
    assert result.returncode == 1
    assert "WebhookDeadLetterQueue" in result.stderr and "already exists" in result.stderr


def test_rules_target_aliases_and_dead_letter_to_the_queue_by_arn(cfn) -> None:
    rules = resources(cfn, "AWS::Events::Rule")
    dead_letter_queues = {
        "WebhookFunctionRunFinished": "WebhookDeadLetterQueue",
        "FinalizeFunctionExecutionDied": "WebhookDeadLetterQueue",
        "IngestFunctionRunRequested": "RunRequestsDeadLetterQueue",
        "ReplyFunctionRunFinished": "WebhookDeadLetterQueue",
    }
    assert set(rules) == set(dead_letter_queues)
    for name, rule in rules.items():
        (target,) = rule["Properties"]["Targets"]
        function = name.removesuffix("RunFinished").removesuffix("ExecutionDied")
        function = function.removesuffix("RunRequested")
        assert target["Arn"] == {"Ref": f"{function}Aliaslive"}
        dlq_arn = {"Fn::GetAtt": [dead_letter_queues[name], "Arn"]}
        assert target["DeadLetterConfig"] == {"Arn": dlq_arn}
    assert resources(cfn, "AWS::SQS::Queue").keys() == {
        "WebhookDeadLetterQueue",
        "FailedEventsQueue",
        "RunRequestsQueue",
        "RunRequestsDeadLetterQueue",
    }


def test_only_those_rules_may_send_to_the_dead_letter_queue(cfn) -> None:
    policies = resources(cfn, "AWS::SQS::QueuePolicy")
    senders = {}
    for name in ("WebhookDeadLetterQueuePolicy", "RunRequestsDeadLetterQueuePolicy"):
        (statement,) = policies[name]["Properties"]["PolicyDocument"]["Statement"]
        assert statement["Principal"] == {"Service": "events.amazonaws.com"}
        assert statement["Action"] == "sqs:SendMessage"
        sources = statement["Condition"]["ArnEquals"]["aws:SourceArn"]
        sources = sources if isinstance(sources, list) else [sources]
        senders[name] = sorted(s["Fn::GetAtt"][0] for s in sources)
    assert senders == {
        "WebhookDeadLetterQueuePolicy": [
            "FinalizeFunctionExecutionDied",
            "ReplyFunctionRunFinished",
            "WebhookFunctionRunFinished",
        ],
        "RunRequestsDeadLetterQueuePolicy": ["IngestFunctionRunRequested"],
    }
    # other accounts may send run requests only when named (RequestAccounts)
    assert policies["RunRequestsQueuePolicy"]["Condition"] == "HasRequestAccounts"


def test_invoked_functions_publish_a_live_alias(cfn) -> None:
    aliases = resources(cfn, "AWS::Lambda::Alias")
    assert set(aliases) == {
        f"{name}Aliaslive"
        for name in (
            "BrowserFunction",
            "FinalizeFunction",
            "WebhookFunction",
            "SweeperFunction",
            "SignerFunction",
            "IngestFunction",
            "ReplyFunction",
        )
    }
    assert all(a["Properties"]["Name"] == "live" for a in aliases.values())


def test_state_machine_invokes_the_aliases_and_may(cfn) -> None:
    props = cfn["Resources"]["RunStateMachine"]["Properties"]
    subs = props["DefinitionSubstitutions"]
    assert subs["BrowserFunctionArn"] == {"Ref": "BrowserFunctionAliaslive"}
    assert subs["FinalizeFunctionArn"] == {"Ref": "FinalizeFunctionAliaslive"}
    assert subs["StepTimeoutSeconds"] == {"Ref": "StepTimeoutSeconds"}
    role = cfn["Resources"]["RunStateMachineRole"]["Properties"]
    invokable = [
        s["Resource"]["Fn::Sub"]
        for p in role["Policies"]
        for s in p["PolicyDocument"]["Statement"]
        if s["Action"] == ["lambda:InvokeFunction"]
    ]
    # function:<name>* covers the function's qualified ARNs, so <name>:live too
    assert {
        (fmt.endswith("${functionName}*"), args["functionName"]["Ref"]) for fmt, args in invokable
    } == {
        (True, "BrowserFunction"),
        (True, "FinalizeFunction"),
    }
    assert props["LoggingConfiguration"]["Level"] == "ERROR"
    assert props["LoggingConfiguration"]["IncludeExecutionData"] is False


def test_async_invocations_retry_twice_then_land_in_the_failed_events_queue(cfn) -> None:
    configs = resources(cfn, "AWS::Lambda::EventInvokeConfig")
    destinations = {
        "WebhookFunction": "FailedEventsQueue",
        "FinalizeFunction": "FailedEventsQueue",
        "IngestFunction": "RunRequestsDeadLetterQueue",  # a failed request, with the error
        "ReplyFunction": "FailedEventsQueue",
    }
    assert {c["Properties"]["FunctionName"]["Ref"] for c in configs.values()} == set(destinations)
    for config in configs.values():
        props = config["Properties"]
        assert props["Qualifier"] == "live"
        assert props["MaximumRetryAttempts"] == 2
        queue = destinations[props["FunctionName"]["Ref"]]
        assert props["DestinationConfig"]["OnFailure"]["Destination"] == {
            "Fn::GetAtt": [queue, "Arn"]
        }
        role = cfn["Resources"][props["FunctionName"]["Ref"] + "Role"]["Properties"]
        assert "sqs:SendMessage" in json.dumps(role["Policies"])


def test_the_reply_function_may_send_only_to_the_listed_destinations(cfn) -> None:
    role = cfn["Resources"]["ReplyFunctionRole"]["Properties"]
    grants = [
        policy
        for policy in role["Policies"]
        if "sns:Publish" in json.dumps(policy) or "SendReplies" in json.dumps(policy)
    ]
    (grant,) = grants
    condition, statement_policy, absent = grant["Fn::If"]
    assert condition == "HasReplyDestinations" and absent == {"Ref": "AWS::NoValue"}
    (statement,) = statement_policy["PolicyDocument"]["Statement"]
    assert statement["Action"] == ["sqs:SendMessage", "sns:Publish"]
    assert statement["Resource"] == {"Ref": "ReplyDestinationArns"}
    # no other function may send to them
    for name, resource in resources(cfn, "AWS::IAM::Role").items():
        if name != "ReplyFunctionRole":
            assert "ReplyDestinationArns" not in json.dumps(resource)


def test_sweeper_runs_every_minute_on_its_alias(cfn) -> None:
    (schedule,) = resources(cfn, "AWS::Scheduler::Schedule").values()
    props = schedule["Properties"]
    assert props["ScheduleExpression"] == "rate(1 minute)"
    assert props["Target"]["Arn"] == {"Ref": "SweeperFunctionAliaslive"}
    assert props["Name"] == {"Fn::Sub": "${AWS::StackName}-sweeper"}


def test_rules_survive_the_transform(cfn) -> None:
    assert "ModelNeedsProviderKeys" in cfn["Rules"]


# ---------------------------------------------------------------- the deploy-time rule


def evaluate(node: Any, params: dict[str, str]) -> Any:
    """The Rules intrinsics the template uses, evaluated on parameter values."""
    if isinstance(node, dict) and len(node) == 1:
        ((name, arg),) = node.items()
        if name == "Ref":
            return params[arg]
        if name == "Fn::Equals":
            left, right = (evaluate(a, params) for a in arg)
            return str(left) == str(right)
        if name == "Fn::Not":
            return not evaluate(arg[0], params)
        if name == "Fn::And":
            return all(evaluate(a, params) for a in arg)
        if name == "Fn::Or":
            return any(evaluate(a, params) for a in arg)
        raise AssertionError(f"evaluator does not know {name}")
    return node


def failed_rules(cfn: dict[str, Any], overrides: dict[str, str]) -> list[str]:
    params = {k: str(p.get("Default", "")) for k, p in cfn["Parameters"].items()}
    params.update(overrides)
    failed = []
    for name, rule in cfn["Rules"].items():
        if "RuleCondition" in rule and not evaluate(rule["RuleCondition"], params):
            continue
        if not all(evaluate(a["Assert"], params) for a in rule["Assertions"]):
            failed.append(name)
    return failed


SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:stratus/keys-AbCdEf"


@pytest.mark.parametrize(
    ("overrides", "refused"),
    [
        ({}, False),  # the built-in planner
        ({"ModelName": "gpt-4o-mini"}, True),
        ({"ModelName": "gpt-4o-mini", "ProviderKeysSecretArn": SECRET}, False),
        ({"ModelName": "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0"}, True),
        (
            {"ModelName": "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0", "ModelAuth": "iam"},
            False,
        ),
    ],
)
def test_a_model_without_credentials_is_refused_at_deploy(cfn, overrides, refused) -> None:
    assert (failed_rules(cfn, overrides) == ["ModelNeedsProviderKeys"]) is refused


def samconfig_overrides() -> dict[str, dict[str, str]]:
    config = tomllib.loads((ROOT / "samconfig.toml").read_text())
    found = {}
    for env, commands in config.items():
        if not isinstance(commands, dict):
            continue  # version
        text = commands.get("deploy", {}).get("parameters", {}).get("parameter_overrides")
        if text:
            found[env] = dict(item.split("=", 1) for item in shlex.split(text))
    return found


def test_every_samconfig_profile_passes_the_rules(cfn) -> None:
    profiles = samconfig_overrides()
    assert {"default", "prod"} <= set(profiles)
    for env, overrides in profiles.items():
        assert set(overrides) <= set(cfn["Parameters"]), env
        assert failed_rules(cfn, overrides) == [], env
