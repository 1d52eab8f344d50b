"""POST /v1/run/tasks: the fast route answers valid creates; every other request is answered
by the declared route, exactly as the declared route alone answers it (its trailing-slash
twin, which the fast route does not serve, is that route alone). A body sent as text/plain,
form-encoded or with no content type reaches both routes as JSON (the body-limit middleware
reads every body as JSON by default), so the fast route answers it when it is valid."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from stratus.api import fast_run_creation
from stratus.api.app import create_app
from stratus.api.fast_run_creation import PASSED_ON, FastRunCreation

pytestmark = pytest.mark.integration

BODY = {
    "prompt": "Lisez l'état de la commande ✓",
    "url": "https://example.com/orders/1042",
    "data_extraction_schema": {"type": "object", "properties": {"n": {"minimum": 1.5e-7}}},
}
VARYING = ("run_id", "created_at", "modified_at", "queued_at", "app_url")


class RouteRecorder:
    """Wraps the app's fast route, noting for each request that reached it whether it
    answered ("fast") or passed it on ("passed on"). Requests for another path, or answered
    by a middleware, leave no note. Noted at the route itself: middlewares may hand the
    route a copy of the scope (the body-limit middleware does, to set a content type)."""

    def __init__(self, route: FastRunCreation) -> None:
        self.outcomes: list[str] = []
        self._answer = route.app
        route.app = self

    async def __call__(self, scope, receive, send) -> None:
        try:
            await self._answer(scope, receive, send)
        finally:  # an error raised here is answered by the app's handlers, from here
            self.outcomes.append("passed on" if scope.get(PASSED_ON) else "fast")


@pytest.fixture
def recorded(api):
    app = create_app(api.container)
    (route,) = [r for r in app.router.routes if isinstance(r, FastRunCreation)]
    return TestClient(app, raise_server_exceptions=False), RouteRecorder(route)


def same_bytes(response) -> bytes:
    """The body with the values that differ between two creates blanked."""
    text = response.content.decode()
    for name in VARYING:
        text = re.sub(rf'"{name}":"[^"]*"', f'"{name}":""', text)
    return text.encode()


def comparable(response) -> tuple[int, str, Any]:
    body = response.json()
    if isinstance(body, dict):
        body = {k: v for k, v in body.items() if k not in VARYING}
    return response.status_code, response.headers["content-type"], body


@pytest.mark.parametrize(
    "sent", [{"x-max-steps-override": "3", "x-user-agent": "agent/1"}, {}], ids=["headers", "none"]
)
def test_a_valid_create_is_answered_here_as_the_declared_route_answers_it(api, recorded, sent):
    client, recorder = recorded
    headers = {**api.headers, **sent}
    fast = client.post("/v1/run/tasks", json=BODY, headers=headers)
    declared = client.post("/v1/run/tasks/", json=BODY, headers=headers)
    assert recorder.outcomes == ["fast"]  # the twin does not reach the fast route
    assert fast.status_code == 200
    assert comparable(fast) == comparable(declared)
    assert same_bytes(fast) == same_bytes(declared)  # serialized as FastAPI serializes it
    stored = [api.container.store.get_run(r.json()["run_id"]) for r in (fast, declared)]
    settings = [(run.max_steps, run.spec.user_agent) for run in stored]
    assert settings[0] == settings[1]
    if sent:
        assert settings[0] == (3, "agent/1")
    assert api.orchestrator.started == [fast.json()["run_id"], declared.json()["run_id"]]


@pytest.mark.parametrize(
    ("content", "content_type", "extra_headers", "with_key"),
    [
        ("{not json", "application/json", {}, True),
        ('{"url": "https://example.com"}', "application/json", {}, True),
        ('{"prompt": "x", "url": "ftp://example.com"}', "application/json", {}, True),
        ('{"prompt": "x", "promt": "y"}', "application/json", {}, True),
        ('{"prompt": "x"}', "multipart/form-data; boundary=x", {}, True),
        ("", "application/json", {}, True),
        ('{"prompt": "x"}', "application/json", {"x-max-steps-override": "0"}, True),
        ('{"prompt": "x"}', "application/json", {"x-max-iterations-override": "a"}, True),
        ('{"prompt": "x"}', "application/json", {}, False),
        ('{"prompt": "x"}', "application/json", {"x-api-key": "sk-unknown"}, False),
    ],
)
def test_any_other_request_is_answered_by_the_declared_route(
    api, recorded, content, content_type, extra_headers, with_key
):
    client, recorder = recorded
    headers = {**(api.headers if with_key else {}), **extra_headers}
    headers["content-type"] = content_type
    fast = client.post("/v1/run/tasks", content=content, headers=headers)
    declared = client.post("/v1/run/tasks/", content=content, headers=headers)
    assert recorder.outcomes == ["passed on"]
    assert fast.status_code >= 400
    assert comparable(fast) == comparable(declared)
    assert api.orchestrator.started == []


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_body_read_as_json_by_default_is_answered_here_as_there(api, recorded, content_type):
    client, recorder = recorded
    headers = dict(api.headers)
    if content_type is not None:
        headers["content-type"] = content_type
    content = '{"prompt": "Read the order status"}'
    fast = client.post("/v1/run/tasks", content=content, headers=headers)
    declared = client.post("/v1/run/tasks/", content=content, headers=headers)
    assert recorder.outcomes == ["fast"]
    assert fast.status_code == 200
    assert comparable(fast) == comparable(declared)
    assert same_bytes(fast) == same_bytes(declared)


def test_a_run_refused_by_the_service_is_refused_here_as_there(api, recorded):
    """Errors raised past validation (a browser session that does not exist) reach the
    app's error handlers from this route too."""
    client, recorder = recorded
    body = {**BODY, "browser_session_id": "pbs_missing"}
    fast = client.post("/v1/run/tasks", json=body, headers=api.headers)
    declared = client.post("/v1/run/tasks/", json=body, headers=api.headers)
    assert recorder.outcomes == ["fast"]
    assert fast.status_code >= 400
    assert comparable(fast) == comparable(declared)


def test_the_route_is_not_built_for_an_endpoint_taking_what_it_does_not_give(monkeypatch):
    """A parameter added to the declared endpoint must be given by this route too: until it
    is, the app does not start (instead of creating runs without it)."""
    declared = fast_run_creation.runs.run_task

    async def run_task_with_more(*, extra: str = "", **kwargs: Any) -> Any:
        return await declared(**kwargs)

    monkeypatch.setattr(fast_run_creation.runs, "run_task", run_task_with_more)
    with pytest.raises(TypeError, match="extra"):
        FastRunCreation()
