"""Run-creation rate limits on AWS: the bucket is a DynamoDB item, so every API container
(here: the API function and another container over the same table) draws on it."""

import json

import boto3
import pytest
from moto import mock_aws

from stratus.contract.commands import create_task_run
from stratus.contract.requests import RunTaskRequest
from stratus.services.errors import RateLimited
from tests.fakes.runtime import ScriptedEngine, screenshot_outcome
from tests.integration.aws.harness import build_stack
from tests.integration.aws.stack import REGION

pytestmark = pytest.mark.integration


@pytest.fixture
def stack(monkeypatch):
    with mock_aws():
        yield build_stack(
            monkeypatch,
            ScriptedEngine([screenshot_outcome("complete")]),
            run_rate_per_second=0.001,  # one token every 1000 s
            run_rate_burst=2,
        )


def test_429_with_retry_after_shared_across_containers_not_organizations(stack) -> None:
    api = stack.containers["api"]
    key, raw = api.keys.create_key("limited")
    assert stack.api("api_run_task.json", api_key=raw)["statusCode"] == 200
    other_container = stack.containers["sweeper"]  # another process, the same table
    other_container.runs.create_run(
        key,
        create_task_run(
            RunTaskRequest.model_validate({"prompt": "x", "url": "https://example.com"})
        ),
    )
    refused = stack.api("api_run_task.json", api_key=raw)
    assert refused["statusCode"] == 429
    headers = {name.lower(): value for name, value in refused["headers"].items()}
    assert 990 <= int(headers["retry-after"]) <= 1000
    assert set(json.loads(refused["body"])) == {"detail"}
    with pytest.raises(RateLimited):
        other_container.runs.create_run(
            key,
            create_task_run(
                RunTaskRequest.model_validate({"prompt": "x", "url": "https://example.com"})
            ),
        )
    _, other_org = api.keys.create_key("another organization")
    assert stack.api("api_run_task.json", api_key=other_org)["statusCode"] == 200
    table = boto3.resource("dynamodb", region_name=REGION).Table(stack.settings.runs_table)
    item = table.get_item(Key={"pk": f"RATE#{key.organization_id}", "sk": "RUNS"})
    assert float(item["Item"]["tokens"]) < 1
