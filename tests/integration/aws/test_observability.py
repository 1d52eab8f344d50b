"""What the functions print on the real state machine (moto): CloudWatch EMF metrics and
JSON log lines, a step's lines carrying its run, organization and step order."""

from __future__ import annotations

import json
import logging

import pytest
from moto import mock_aws

from stratus.domain.engine import StepOutcome
from tests.fakes.runtime import ScriptedEngine, screenshot_outcome
from tests.integration.aws.harness import MOTO_CONFIG, build_stack
from tests.integration.aws.test_state_machine import start_run

pytestmark = pytest.mark.integration

step_log = logging.getLogger("stratus.engines.scripted")


@pytest.fixture
def aws():
    with mock_aws(config=MOTO_CONFIG):
        yield


def printed(text: str) -> tuple[list[dict], list[dict]]:
    """(EMF metric documents, log records) among the JSON lines printed."""
    documents = []
    for line in text.splitlines():
        try:
            documents.append(json.loads(line))
        except ValueError:
            continue
    metrics = [d for d in documents if "_aws" in d]
    logs = [d for d in documents if "_aws" not in d and "message" in d]
    return metrics, logs


def metric_dimensions(documents: list[dict]) -> dict[str, list[dict[str, str]]]:
    """metric name -> the dimension values of each document that carried it."""
    found: dict[str, list[dict[str, str]]] = {}
    for document in documents:
        for directive in document["_aws"]["CloudWatchMetrics"]:
            assert directive["Namespace"] == "Stratus"
            names = [name for group in directive["Dimensions"] for name in group]
            for metric in directive["Metrics"]:
                found.setdefault(metric["Name"], []).append({n: document[n] for n in names})
    return found


def test_a_run_prints_its_metrics_and_step_log_lines(aws, monkeypatch, capsys) -> None:
    def step_with_a_log_line(ctx):
        step_log.info("acting on the page")
        return StepOutcome(
            decision="complete", input_tokens=120, output_tokens=30, cost=0.0042, model_calls=1
        )

    stack = build_stack(monkeypatch, ScriptedEngine([screenshot_outcome(), step_with_a_log_line]))
    run_id, _ = start_run(stack)
    assert stack.wait_for_execution(run_id)["status"] == "SUCCEEDED"
    stack.deliver_webhooks(repeat=1)

    metrics, logs = printed(capsys.readouterr().out)
    sample = metric_dimensions(metrics)
    assert {"RunsStarted", "RunsFinished", "StepDuration", "ModelInputTokens"} <= set(sample)
    assert {"ModelOutputTokens", "ModelCost", "WebhookAttempts"} <= set(sample)
    assert {"service": "stratus", "status": "completed"} in sample["RunsFinished"]
    assert {"service": "stratus", "outcome": "delivered"} in sample["WebhookAttempts"]
    tokens = [d["ModelInputTokens"] for d in metrics if "ModelInputTokens" in d]
    assert any(120.0 in (v if isinstance(v, list) else [v]) for v in tokens)

    line = next(record for record in logs if record["message"] == "acting on the page")
    run = stack.containers["api"].store.get_run(run_id)
    assert line["run_id"] == run_id
    assert line["organization_id"] == run.organization_id
    assert line["step_order"] == 1
    assert line["level"] == "INFO" and line["function_name"] == "stratus-test-browser-step"
