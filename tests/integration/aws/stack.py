"""The deployable stack, read from the repository's own files and rebuilt on moto.

Everything a test creates (the table, the state machine definition, the rule patterns)
comes from template.yaml and statemachine/, so the schema and the wiring are written once.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from cfnlint.decode import decode

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = ROOT / "template.yaml"
EVENTS = ROOT / "events"
REGION = "us-east-1"
TABLE_NAME = "stratus-test-runs"


@cache
def template() -> dict[str, Any]:
    decoded, problems = decode(str(TEMPLATE))
    if problems:
        raise AssertionError(f"template.yaml does not parse: {problems}")
    return decoded


def resource(logical_id: str) -> dict[str, Any]:
    return template()["Resources"][logical_id]


def sample_event(name: str) -> dict[str, Any]:
    return json.loads((EVENTS / name).read_text())


def create_runs_table(dynamodb_client: Any, name: str = TABLE_NAME) -> str:
    """Creates the RunsTable of template.yaml (keys, indexes, billing, TTL) on moto."""
    props = resource("RunsTable")["Properties"]
    args: dict[str, Any] = {
        "TableName": name,
        "AttributeDefinitions": props["AttributeDefinitions"],
        "KeySchema": props["KeySchema"],
        "BillingMode": props["BillingMode"],
    }
    if "GlobalSecondaryIndexes" in props:
        args["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
    if props.get("SSESpecification", {}).get("SSEEnabled"):
        args["SSESpecification"] = {"Enabled": True}
    dynamodb_client.create_table(**_plain(args))
    ttl = props.get("TimeToLiveSpecification")
    if ttl and ttl.get("Enabled"):
        dynamodb_client.update_time_to_live(
            TableName=name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl["AttributeName"]},
        )
    return name


def state_machine_definition(substitutions: dict[str, str], *, fast_retries: bool = True) -> str:
    """statemachine/<DefinitionUri> with the template's DefinitionSubstitutions filled in.

    ``fast_retries`` shortens Retry intervals (moto really sleeps between attempts).
    """
    props = resource("RunStateMachine")["Properties"]
    expected = set(props["DefinitionSubstitutions"])
    if set(substitutions) != expected:
        raise AssertionError(f"substitutions {sorted(substitutions)} != {sorted(expected)}")
    text = (ROOT / props["DefinitionUri"]).read_text()
    used = set(re.findall(r"\$\{(\w+)\}", text))
    if used != expected:
        raise AssertionError(f"definition uses {sorted(used)}, template gives {sorted(expected)}")
    for name, value in substitutions.items():
        text = text.replace("${" + name + "}", value)
    definition = json.loads(text)
    if fast_retries:
        for state in definition["States"].values():
            for retrier in state.get("Retry", []):
                retrier["IntervalSeconds"] = 1
                retrier["MaxDelaySeconds"] = 1
                retrier.pop("JitterStrategy", None)
    return json.dumps(definition)


def rule_pattern(function_id: str, event_id: str, *, refs: dict[str, str]) -> dict[str, Any]:
    """The EventBridge pattern of a function's EventBridgeRule event, with !Ref and !Sub
    values filled from ``refs`` (parameters and resources by logical id)."""
    event = resource(function_id)["Properties"]["Events"][event_id]
    assert event["Type"] == "EventBridgeRule"
    return _resolve_refs(_plain(event["Properties"]["Pattern"]), refs)


def _plain(value: Any) -> Any:
    """cfn-lint's node classes as plain dicts and lists (boto3 validates types strictly)."""
    return json.loads(json.dumps(value))


def _resolve_refs(value: Any, refs: dict[str, str]) -> Any:
    if isinstance(value, dict):
        if set(value) == {"Ref"}:
            return refs[value["Ref"]]
        if set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):
            return re.sub(r"\$\{([\w:]+)\}", lambda m: refs[m.group(1)], value["Fn::Sub"])
        return {k: _resolve_refs(v, refs) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve_refs(v, refs) for v in value]
    return value
