import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from stratus.contract.artifacts import artifact_id, artifact_type
from stratus.contract.views import (
    run_object_payload,
    run_payload,
    step_payload,
    timestamp,
    v1_task_payload,
    v2_task_payload,
)
from stratus.domain.models import ActionRecord, DownloadedFile, Run, Step, TaskSpec
from stratus.domain.status import ApiFamily, Engine, RunStatus, RunType, StepStatus

pytestmark = pytest.mark.unit

T0 = datetime(2026, 1, 10, 22, 53, 36, 297774, tzinfo=UTC)


def url_for(key: str) -> str:
    return f"https://files.example.com/{key}"


def make_run(**fields) -> Run:
    base = {
        "run_id": "tsk_1",
        "organization_id": "o_1",
        "api_family": ApiFamily.v1,
        "run_type": RunType.task_v1,
        "engine": Engine.skyvern_v1,
        "spec": TaskSpec(goal="Apply", url="https://jobs.example.com"),
        "request": {"url": "https://jobs.example.com", "navigation_goal": "Apply"},
        "created_at": T0,
        "modified_at": T0 + timedelta(seconds=5),
    }
    return Run(**{**base, **fields})


def test_timestamps_are_utc_with_z():
    assert timestamp(T0) == "2026-01-10T22:53:36.297774Z"
    plus_two = datetime(2026, 1, 1, 2, 0, tzinfo=timezone(timedelta(hours=2)))
    assert timestamp(plus_two) == "2026-01-01T00:00:00.000000Z"
    assert timestamp(datetime(2026, 1, 1)) == "2026-01-01T00:00:00.000000Z"
    assert timestamp(None) is None


def test_screenshots_newest_first_and_v1_screenshot_is_the_newest():
    run = make_run(screenshot_keys=["s/0.png", "s/1.png", "s/2.png"])
    payload = run_object_payload(run, url_for=url_for)
    assert payload["screenshot_urls"] == [
        url_for("s/2.png"),
        url_for("s/1.png"),
        url_for("s/0.png"),
    ]
    assert v1_task_payload(run, url_for=url_for)["screenshot_url"] == url_for("s/2.png")


def test_run_object_carries_every_documented_field():
    run = make_run(
        api_family=ApiFamily.runs,
        request={"prompt": "Apply", "engine": "skyvern-1.0"},
        status=RunStatus.failed,
        failure_reason="step limit reached (10)",
        output={"partial": True},
        errors=[{"error_code": "x", "reasoning": "y"}],
        step_count=10,
        ai_fallback_triggered=True,
        downloaded_files=[
            DownloadedFile(url="dl/a.pdf", checksum="abc", filename="a.pdf", modified_at=T0)
        ],
    )
    payload = run_object_payload(run, url_for=url_for)
    assert payload["status"] == "failed" and payload["failure_reason"].startswith("step limit")
    assert payload["output"] == {"partial": True}
    assert payload["script_run"] == {"ai_fallback_triggered": True}
    assert payload["errors"] == [{"error_code": "x", "reasoning": "y"}]
    assert payload["downloaded_files"] == [
        {
            "url": url_for("dl/a.pdf"),
            "checksum": "abc",
            "filename": "a.pdf",
            "modified_at": "2026-01-10T22:53:36.297774Z",
        }
    ]
    assert payload["run_request"] == {"prompt": "Apply", "engine": "skyvern-1.0"}
    assert payload["run_type"] == "task_v1" and payload["step_count"] == 10


def test_v1_runs_seen_as_run_objects_get_a_run_request_with_a_prompt():
    run = make_run(
        request={
            "url": "https://jobs.example.com",
            "navigation_goal": "Apply",
            "extracted_information_schema": {"type": "object"},
            "totp_verification_url": "https://codes.example.com",
        },
        webhook_url="https://hooks.example.com",
    )
    request = run_object_payload(run, url_for=url_for)["run_request"]
    assert request["prompt"] == "Apply" and request["engine"] == "skyvern-1.0"
    assert request["data_extraction_schema"] == {"type": "object"}
    assert request["totp_url"] == "https://codes.example.com"
    assert request["webhook_url"] == "https://hooks.example.com"


def test_v2_payload_matches_the_documented_webhook_example_keys():
    run = make_run(
        run_id="tsk_v2_1",
        api_family=ApiFamily.v2,
        run_type=RunType.task_v2,
        engine=Engine.skyvern_v2,
        request={"user_prompt": "Find a route", "proxy_location": "RESIDENTIAL"},
        spec=TaskSpec(goal="Find a route", url="https://maps.example.com"),
        workflow_run_id="wr_1",
        workflow_id="w_1",
        workflow_permanent_id="wpid_1",
        status=RunStatus.completed,
        summary="Found 3 routes",
        output={"routes": []},
    )
    payload = v2_task_payload(run, url_for=url_for)
    documented = {
        "task_id": "tsk_v2_1",
        "status": "completed",
        "organization_id": "o_1",
        "workflow_run_id": "wr_1",
        "workflow_id": "w_1",
        "workflow_permanent_id": "wpid_1",
        "prompt": "Find a route",
        "url": "https://maps.example.com",
        "summary": "Found 3 routes",
        "output": {"routes": []},
        "totp_verification_url": None,
        "totp_identifier": None,
        "proxy_location": "RESIDENTIAL",
        "webhook_callback_url": None,
        "created_at": "2026-01-10T22:53:36.297774Z",
        "modified_at": "2026-01-10T22:53:41.297774Z",
    }
    assert {key: payload[key] for key in documented} == documented
    assert run_payload(run, url_for=url_for) == payload


@pytest.mark.parametrize(
    ("family", "identity_key"),
    [(ApiFamily.v1, "task_id"), (ApiFamily.v2, "workflow_run_id"), (ApiFamily.runs, "run_id")],
)
def test_run_payload_follows_the_family_and_is_deterministic(family, identity_key):
    run = make_run(api_family=family, workflow_run_id="wr_1", screenshot_keys=["a", "b"])
    first = json.dumps(run_payload(run, url_for=url_for), sort_keys=True)
    second = json.dumps(run_payload(run.model_copy(deep=True), url_for=url_for), sort_keys=True)
    assert first == second
    assert identity_key in json.loads(first)


def test_step_payload():
    step = Step(
        step_id="stp_2",
        run_id="tsk_1",
        organization_id="o_1",
        order=1,
        retry_index=1,
        status=StepStatus.failed,
        input_token_count=900,
        output_token_count=40,
        actions=[
            ActionRecord(action_type="input_text", element_id="e7", success=False, error="gone")
        ],
    )
    payload = step_payload(step)
    assert payload["task_id"] == "tsk_1" and payload["status"] == "failed"
    assert (payload["order"], payload["retry_index"]) == (1, 1)
    assert payload["actions"][0]["error"] == "gone"
    json.dumps(payload)


def test_artifact_types_and_ids_are_stable():
    assert artifact_type("screenshot.png") == "screenshot_action"
    assert artifact_type("screenshot_3.png") == "screenshot_action"
    assert artifact_type("llm_prompt.json") == "llm_prompt"
    assert artifact_type("snapshot.json") == "visible_elements_tree"
    assert artifact_type("trace.zip") == "trace"
    assert artifact_id("runs/a/b.png") == artifact_id("runs/a/b.png")
    assert artifact_id("runs/a/b.png") != artifact_id("runs/a/c.png")
    assert artifact_id("k").startswith("a_") and artifact_id("k")[2:].isdigit()
