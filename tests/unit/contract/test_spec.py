from datetime import UTC, datetime
from itertools import count

import pytest

from stratus.contract.model_options import ModelOptions
from stratus.contract.requests import RunTaskRequest, V1TaskRequest, V2TaskRequest
from stratus.contract.spec import (
    RunOrigin,
    model_name,
    new_task_run,
    new_v1_run,
    new_v2_run,
    resolve_max_steps,
)
from stratus.domain.status import ApiFamily, Engine, RunType

pytestmark = pytest.mark.unit

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def ids():
    counter = count(1)
    return lambda prefix: f"{prefix}_{next(counter)}"


def origin(**fields):
    base = {"organization_id": "o_1", "api_key_id": "ak_1", "now": NOW, "default_max_steps": 10}
    return RunOrigin(**{**base, **fields})


@pytest.mark.parametrize(
    ("fields", "requested", "expected"),
    [
        ({}, None, 10),
        ({"org_max_steps": 5}, None, 5),
        ({"org_max_steps": 5}, 8, 8),
        ({"org_max_steps": 5, "max_steps_override": 3}, 8, 3),
    ],
)
def test_max_steps_precedence(fields, requested, expected):
    assert resolve_max_steps(origin(**fields), requested) == expected


def test_v1_run_maps_every_field():
    body = V1TaskRequest.model_validate(
        {
            "url": "https://a.example.com",
            "navigation_goal": "Apply",
            "data_extraction_goal": "Did it work?",
            "navigation_payload": {"name": "Chris"},
            "extracted_information_schema": {"type": "object"},
            "error_code_mapping": {"login_failed": "bad password"},
            "totp_verification_url": "https://codes.example.com",
            "totp_identifier": "chris@example.com",
            "webhook_callback_url": "https://hooks.example.com",
            "proxy_location": "RESIDENTIAL_DE",
        }
    )
    run = new_v1_run(body, origin(max_steps_override=4), ids())
    assert (run.run_id, run.api_family, run.run_type, run.engine) == (
        "tsk_1",
        ApiFamily.v1,
        RunType.task_v1,
        Engine.skyvern_v1,
    )
    assert run.spec.goal == "Apply" and run.spec.extraction_goal == "Did it work?"
    assert run.spec.facts == {"name": "Chris"}
    assert run.spec.totp_url == "https://codes.example.com"
    assert run.spec.proxy_location == "RESIDENTIAL_DE"
    assert run.webhook_url == "https://hooks.example.com"
    assert run.max_steps == 4 and run.created_at == NOW and run.api_key_id == "ak_1"
    assert run.request["navigation_payload"] == {"name": "Chris"}
    assert run.workflow_run_id is None


def test_v1_goal_falls_back_to_the_extraction_goal():
    body = V1TaskRequest.model_validate({"url": "https://a.com", "data_extraction_goal": "Price"})
    assert new_v1_run(body, origin(), ids()).spec.goal == "Price"


def test_v2_run_has_workflow_identities_and_iterations():
    body = V2TaskRequest.model_validate({"user_prompt": "Find a route"})
    run = new_v2_run(body, origin(max_iterations_override=3), ids())
    assert run.run_id.startswith("tsk_v2_")
    assert run.workflow_run_id.startswith("wr_") and run.workflow_id.startswith("w_")
    assert run.workflow_permanent_id.startswith("wpid_")
    assert run.max_iterations == 3 and run.run_type is RunType.task_v2


@pytest.mark.parametrize(
    ("engine", "prefix", "run_type"),
    [
        ("skyvern-1.0", "tsk_1", RunType.task_v1),
        ("skyvern-2.0", "tsk_v2_1", RunType.task_v2),
        ("openai-cua", "tsk_1", RunType.openai_cua),
        ("anthropic-cua", "tsk_1", RunType.anthropic_cua),
        ("ui-tars", "tsk_1", RunType.ui_tars),
    ],
)
def test_run_ids_and_types_by_engine(engine, prefix, run_type):
    body = RunTaskRequest.model_validate({"prompt": "x", "engine": engine, "max_steps": 12})
    run = new_task_run(body, origin(user_agent="ua"), ids())
    assert run.run_id == prefix and run.run_type is run_type
    assert run.max_steps == 12 and run.spec.user_agent == "ua"
    assert (run.workflow_run_id is not None) == (engine == "skyvern-2.0")


def test_run_request_keeps_the_normalized_body():
    body = RunTaskRequest.model_validate(
        {"prompt": "x", "proxy_location": {"country": "GB"}, "run_with": "code", "extra": 1}
    )
    run = new_task_run(body, origin(), ids())
    assert run.request["proxy_location"] == {"country": "GB", "subdivision": None, "city": None}
    assert run.run_with == "code" and "extra" not in run.request
    assert run.spec.proxy_location == {"country": "GB"}


def test_model_name_is_read_from_the_model_object():
    assert model_name(ModelOptions.model_validate({"model_name": "gpt-4o"})) == "gpt-4o"
    assert model_name(ModelOptions.model_validate({"name": " claude "})) == "claude"
    assert model_name(ModelOptions.model_validate({"temperature": 0})) is None
    assert model_name(None) is None
