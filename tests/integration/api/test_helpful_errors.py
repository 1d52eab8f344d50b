"""Mistakes get answers that help: a misspelled field is refused naming the field it
probably meant, unknown fields are accepted and listed in a header, and every response
carries a request id (the client's when it sent one) in one error body shape."""

from __future__ import annotations

import logging

import pytest

from stratus.api.request_id import IGNORED_FIELDS_HEADER, REQUEST_ID_HEADER
from stratus.contract.field_typos import near_miss
from stratus.contract.requests import RunTaskRequest, V1TaskRequest, V2TaskRequest

pytestmark = pytest.mark.integration

BODY = {"prompt": "Find it", "url": "https://a.example", "engine": "skyvern-1.0"}
# every field the official SDK 1.0.56 sends to POST /v1/run/tasks
SDK_RUN_TASK_FIELDS = [
    "prompt",
    "url",
    "engine",
    "title",
    "proxy_location",
    "data_extraction_schema",
    "error_code_mapping",
    "max_steps",
    "webhook_url",
    "totp_identifier",
    "totp_url",
    "browser_session_id",
    "model",
    "extra_http_headers",
    "cdp_connect_headers",
    "publish_workflow",
    "include_action_history_in_verification",
    "max_screenshot_scrolls",
    "browser_address",
    "run_with",
]


def test_misspelled_fields_are_refused_naming_the_field_meant(api):
    response = api.post("/v1/run/tasks", {**BODY, "webhookurl": "https://h.example", "max_step": 2})
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert {(e["field"], e["suggestion"]) for e in errors} == {
        ("webhookurl", "webhook_url"),
        ("max_step", "max_steps"),
    }
    assert "did you mean `webhook_url`?" in " ".join(e["msg"] for e in errors)
    assert api.container.store.list_runs(api.organization_id, page=1, page_size=5) == []


def test_misspellings_are_caught_on_every_family_and_nested_bodies(api):
    v1 = api.post("/api/v1/tasks", {"url": "https://a.example", "navigation_gaol": "x"})
    assert v1.status_code == 422 and v1.json()["detail"][0]["suggestion"] == "navigation_goal"
    v2 = api.post("/api/v2/tasks", {"user_prompt": "x", "webhook_callback_ur": "https://h.x"})
    assert v2.json()["detail"][0]["suggestion"] == "webhook_callback_url"


def test_unknown_fields_are_accepted_and_listed_in_a_header(api):
    response = api.post("/v1/run/tasks", {**BODY, "sdk_future_option": "x", "zzz": 1})
    assert response.status_code == 200, response.text
    assert response.headers[IGNORED_FIELDS_HEADER] == "sdk_future_option, zzz"
    clean = api.post("/v1/run/tasks", BODY)
    assert IGNORED_FIELDS_HEADER not in clean.headers


def test_no_field_the_sdk_sends_is_mistaken_for_a_typo():
    for model in (RunTaskRequest, V1TaskRequest, V2TaskRequest):
        known = set(model.model_fields)
        for name in SDK_RUN_TASK_FIELDS:
            if name not in known:
                assert near_miss(name, known) is None, (model.__name__, name)


def test_every_response_carries_a_request_id_and_the_one_error_shape(api):
    responses = [
        api.client.get("/health"),
        api.get("/v1/runs/tsk_missing"),
        api.client.get("/v1/runs"),  # no key
        api.get("/v1/runs", page_size=0),
        api.client.get("/no/such/route"),
        api.client.post("/v1/run/tasks", content=b"{", headers=api.headers),
    ]
    ids = [r.headers[REQUEST_ID_HEADER] for r in responses]
    assert all(i.startswith("req_") for i in ids) and len(set(ids)) == len(ids)
    for response in responses[1:]:
        assert response.status_code >= 400 and set(response.json()) == {"detail"}


def test_a_request_id_sent_by_the_client_is_kept_and_logged(api, caplog):
    with caplog.at_level(logging.INFO, logger="stratus.access"):
        response = api.client.get(
            "/v1/runs", headers={**api.headers, REQUEST_ID_HEADER: "client-42"}
        )
    assert response.headers[REQUEST_ID_HEADER] == "client-42"
    [line] = [r.getMessage() for r in caplog.records if "client-42" in r.getMessage()]
    assert f"organization={api.organization_id}" in line
    assert "route=/v1/runs" in line and "status=200" in line and "latency_ms=" in line
    odd = api.client.get("/health", headers={REQUEST_ID_HEADER: "bad id\\n"})
    assert odd.headers[REQUEST_ID_HEADER].startswith("req_")


def test_an_unexpected_error_still_answers_the_shape_with_an_id(api, monkeypatch):
    def boom(*_args, **_kwargs):
        raise RuntimeError("store down")

    monkeypatch.setattr(api.container.runs, "list_page", boom)
    response = api.get("/v1/runs")
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error"}
    assert response.headers[REQUEST_ID_HEADER].startswith("req_")
