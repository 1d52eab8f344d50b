"""The documented response models match, key for key, the payloads the views build, and the
OpenAPI document names one of them for every route."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, get_args

import pytest
from fastapi.routing import APIRoute
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError
from pydantic import BaseModel
from pydantic import ValidationError as ModelError

from stratus.api.app import create_app
from stratus.config import Settings
from stratus.contract import responses
from stratus.contract.responses import RunObject, V1TaskObject, V2TaskObject
from stratus.contract.views import run_object_payload, run_payload
from stratus.domain.status import ApiFamily, Engine, RunStatus
from tests.unit.contract.response_samples import payloads_by_model, runs, url_for

pytestmark = pytest.mark.unit

MODELS = list(payloads_by_model())


@dataclass
class OpenApiDocument:
    document: dict[str, Any]

    def validator(self, schema: dict[str, Any]) -> Draft202012Validator:
        root = {**schema, "components": self.document["components"]}
        return Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)

    def component(self, name: str) -> Draft202012Validator:
        return self.validator({"$ref": f"#/components/schemas/{name}"})

    def ok_schema(self, method: str, path: str) -> dict[str, Any]:
        content = self.document["paths"][path][method]["responses"]["200"]["content"]
        return content["application/json"]["schema"]


@dataclass
class AppSettingsOnly:
    settings: Settings


@pytest.fixture(scope="module")
def openapi() -> OpenApiDocument:
    return OpenApiDocument(create_app(AppSettingsOnly(Settings())).openapi())


def assert_conforms(model: type[BaseModel], payload: Any, openapi: OpenApiDocument) -> None:
    model.model_validate_json(json.dumps(payload))
    openapi.component(model.__name__).validate(payload)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_payload_matches_its_documented_model(model, openapi):
    built = payloads_by_model()[model]
    assert built
    for payload in built:
        assert_conforms(model, payload, openapi)


def test_the_runs_cover_every_family_state_engine_and_json_type():
    every_run = runs()
    assert {run.api_family for run in every_run} == set(ApiFamily)
    assert {run.status for run in every_run} == set(RunStatus)
    assert {run.engine for run in every_run} == set(Engine)
    assert {type(run.output) for run in every_run} >= {type(None), bool, int, float, str, list}
    assert any(isinstance(run.output, dict) and run.output for run in every_run)
    assert any(run.workflow_run_id for run in every_run)
    assert any(run.downloaded_files and run.screenshot_keys for run in every_run)
    assert any(run.errors and run.failure_reason for run in every_run)


def test_a_run_payload_matches_the_model_of_its_family(openapi):
    model_of = {ApiFamily.v1: V1TaskObject, ApiFamily.v2: V2TaskObject, ApiFamily.runs: RunObject}
    for run in runs():
        assert_conforms(model_of[run.api_family], run_payload(run, url_for=url_for), openapi)


def drifted(payload: dict[str, Any], how: str) -> dict[str, Any]:
    changed = dict(payload)
    if how == "extra key":
        changed["surprise"] = 1
    elif how == "missing key":
        changed.pop(sorted(changed)[0])
    elif how == "wrong type":
        changed["created_at"] = 1_767_225_600
    else:
        changed["created_at"] = "2026-01-01 00:00:00"
    return changed


@pytest.mark.parametrize("how", ["extra key", "missing key", "wrong type", "other timestamp"])
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_drifted_payload_is_caught_by_the_model_and_the_document(model, how, openapi):
    payload = drifted(payloads_by_model()[model][-1], how)
    with pytest.raises(ModelError):
        model.model_validate_json(json.dumps(payload))
    with pytest.raises(SchemaError):
        openapi.component(model.__name__).validate(payload)


def test_an_unknown_status_or_error_shape_is_caught(openapi):
    payload = run_object_payload(runs()[-1], url_for=url_for)
    for field, value in [("status", "paused"), ("errors", [{"code": "x"}]), ("step_count", "3")]:
        with pytest.raises(ModelError):
            RunObject.model_validate_json(json.dumps({**payload, field: value}))
        with pytest.raises(SchemaError):
            openapi.component("RunObject").validate({**payload, field: value})


def response_models() -> list[type[BaseModel]]:
    return [
        value
        for value in vars(responses).values()
        if isinstance(value, type)
        and issubclass(value, responses.ResponseObject)
        and value is not responses.ResponseObject
    ]


@pytest.mark.parametrize("model", response_models(), ids=lambda m: m.__name__)
def test_every_documented_key_is_required_and_no_other_is_allowed(model):
    assert model.model_config.get("extra") == "forbid"
    schema = model.model_json_schema(mode="serialization")
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == set(model.model_fields)


# The 200 body of every route in the document: a component, or a list of one.
ROUTE_MODELS = {
    ("get", "/health"): ("HealthObject", False),
    ("post", "/api/v1/tasks"): ("CreatedTask", False),
    ("get", "/api/v1/tasks"): ("V1TaskObject", True),
    ("get", "/api/v1/tasks/{task_id}"): ("V1TaskObject", False),
    ("get", "/api/v1/tasks/{task_id}/steps"): ("StepObject", True),
    ("post", "/api/v1/tasks/{task_id}/cancel"): ("V1TaskObject", False),
    ("post", "/api/v1/tasks/{task_id}/retry_webhook"): ("WebhookReportObject", False),
    ("post", "/api/v2/tasks"): ("V2TaskObject", False),
    ("get", "/api/v2/tasks/{task_id}"): ("V2TaskObject", False),
    ("post", "/v1/run/tasks"): ("RunObject", False),
    ("get", "/v1/version"): ("VersionObject", False),
    ("get", "/v1/runs"): ("RunListItemObject", True),
    ("post", "/v1/runs/cancel"): ("BulkCancelObject", False),
    ("get", "/v1/runs/{run_id}/timeline"): ("TimelineEntryObject", True),
    ("get", "/v1/runs/{workflow_run_id}/tags"): ("RunTagsObject", False),
    ("post", "/v1/runs/{workflow_run_id}/tags"): ("RunTagsObject", False),
    ("delete", "/v1/runs/{workflow_run_id}/tags/{key}"): ("RunTagsObject", False),
    ("get", "/v1/run-tags"): ("RunTagsBatchObject", False),
    ("post", "/v1/upload_file"): ("UploadedFileObject", False),
    ("get", "/v1/runs/{run_id}"): ("RunObject", False),
    ("post", "/v1/runs/{run_id}/cancel"): ("RunObject", False),
    ("post", "/v1/runs/{run_id}/retry_webhook"): ("WebhookReportObject", False),
    ("get", "/v1/runs/{run_id}/artifacts"): ("ArtifactObject", True),
    ("get", "/v1/viewer/runs"): ("RunSummaryObject", True),
    ("get", "/v1/viewer/runs/{run_id}/webhook_attempts"): ("WebhookAttemptObject", True),
    ("post", "/v1/credentials/totp"): ("TotpCodeObject", False),
    ("post", "/api/v1/totp"): ("TotpCodeObject", False),
    ("post", "/v1/browser_sessions"): ("BrowserSessionObject", False),
    ("get", "/v1/browser_sessions"): ("BrowserSessionObject", True),
    ("get", "/v1/browser_sessions/{browser_session_id}"): ("BrowserSessionObject", False),
    ("post", "/v1/browser_sessions/{browser_session_id}/close"): ("BrowserSessionObject", False),
    ("post", "/v1/browser_profiles"): ("BrowserProfileObject", False),
    ("get", "/v1/browser_profiles"): ("BrowserProfileObject", True),
    ("get", "/v1/browser_profiles/{profile_id}"): ("BrowserProfileObject", False),
    ("patch", "/v1/browser_profiles/{profile_id}"): ("BrowserProfileObject", False),
    ("get", "/v1/viewer/runs/{run_id}/recording"): ("RecordingObject", False),
    ("post", "/v1/browser_sessions/{browser_session_id}/extend"): ("BrowserSessionObject", False),
    ("patch", "/v1/browser_sessions/{browser_session_id}"): ("BrowserSessionObject", False),
}
BINARY_ROUTES = {("get", "/v1/artifact-files/{key}")}
EMPTY_ROUTES = {("delete", "/v1/browser_profiles/{profile_id}")}  # 204, no body


def test_the_document_names_a_response_schema_for_every_route(openapi):
    operations = {
        (method, path)
        for path, item in openapi.document["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    assert operations == set(ROUTE_MODELS) | BINARY_ROUTES | EMPTY_ROUTES
    for method, path in EMPTY_ROUTES:
        responses = openapi.document["paths"][path][method]["responses"]
        assert "204" in responses and "content" not in responses["204"]
    for (method, path), (name, is_list) in ROUTE_MODELS.items():
        schema = openapi.ok_schema(method, path)
        named = schema["items"] if is_list else schema
        assert named["$ref"] == f"#/components/schemas/{name}", (method, path)
        assert (schema["type"] == "array") is is_list
    for method, path in BINARY_ROUTES:
        content = openapi.document["paths"][path][method]["responses"]["200"]["content"]
        assert "application/json" in content and "*/*" in content
        assert content["image/png"]["schema"] == {"type": "string", "format": "binary"}
        assert all("schema" in media for media in content.values())


def api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every API route, inside included routers too."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)
        yield from api_routes(getattr(included, "routes", None) or getattr(route, "routes", []))


def test_the_models_document_the_routes_without_filtering_what_they_send():
    """``responses=`` documents; a ``response_model`` would rebuild the body from the model."""
    routes = list(api_routes(create_app(AppSettingsOnly(Settings())).routes))
    documented = {route.path for route in routes if route.include_in_schema}
    assert {path for _, path in ROUTE_MODELS} <= documented
    for route in routes:
        shown = [route.response_model, *get_args(route.response_model)]
        assert not any(
            isinstance(kind, type) and issubclass(kind, responses.ResponseObject) for kind in shown
        ), route.path


@pytest.mark.parametrize(("method", "path"), sorted(ROUTE_MODELS), ids=str)
def test_each_route_schema_accepts_what_that_route_returns(method, path, openapi):
    name, is_list = ROUTE_MODELS[method, path]
    built = payloads_by_model()[getattr(responses, name)]
    validator = openapi.validator(openapi.ok_schema(method, path))
    for body in [built, built[:1], []] if is_list else built:
        validator.validate(body)
    with pytest.raises(SchemaError):
        validator.validate([{"surprise": 1}] if is_list else {**built[0], "surprise": 1})
