"""A model whose provider keys are not set is refused when the run is created (422 naming
the field to change), not when its first step calls the model."""

import pytest

from tests.integration.api.conftest import make_api
from tests.unit.adapters.test_litellm_credentials import PROVIDER_VARIABLES

pytestmark = pytest.mark.integration

ENGINES = ("builtin", "skyvern-1.0", "skyvern-2.0")


@pytest.fixture
def no_provider_keys(monkeypatch):
    for name in PROVIDER_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_a_requested_model_without_its_key_is_a_422_naming_model_name(tmp_path, no_provider_keys):
    api = make_api(tmp_path, engines=ENGINES)
    response = api.post("/v1/run/tasks", {"prompt": "x", "model": {"model_name": "gpt-4o-mini"}})

    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["field"] == "model.model_name"
    assert error["loc"] == ["body", "model", "model_name"]
    assert "OPENAI_API_KEY" in error["msg"]
    assert api.orchestrator.started == []
    assert api.container.store.list_runs(api.organization_id, page=1, page_size=10) == []


def test_the_servers_default_model_without_its_key_names_the_setting(tmp_path, no_provider_keys):
    api = make_api(tmp_path, engines=ENGINES, model="anthropic/claude-sonnet-4-5")
    response = api.post(
        "/api/v1/tasks", {"url": "https://example.com", "navigation_goal": "Look around"}
    )

    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["field"] == "STRATUS_MODEL"
    assert "ANTHROPIC_API_KEY" in error["msg"]
    assert api.orchestrator.started == []


def test_with_the_key_set_the_same_request_is_accepted(tmp_path, no_provider_keys):
    no_provider_keys.setenv("OPENAI_API_KEY", "sk-test")
    api = make_api(tmp_path, engines=ENGINES)
    response = api.post("/v1/run/tasks", {"prompt": "x", "model": {"model_name": "gpt-4o-mini"}})

    assert response.status_code == 200, response.text
    assert len(api.orchestrator.started) == 1


@pytest.mark.parametrize(
    ("model", "environment"),
    [
        ("openai/llama3", {"OPENAI_API_BASE": "http://127.0.0.1:11434/v1"}),
        ("ollama/llama3.1", {}),
        ("bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0", {}),
        ("builtin", {}),
    ],
)
def test_local_servers_roles_and_the_builtin_planner_are_not_refused(
    tmp_path, no_provider_keys, model, environment
):
    for name, value in environment.items():
        no_provider_keys.setenv(name, value)
    api = make_api(tmp_path, engines=ENGINES)
    response = api.post("/v1/run/tasks", {"prompt": "x", "model": {"model_name": model}})

    assert response.status_code == 200, response.text


def test_a_computer_use_engines_model_without_its_key_names_its_setting(tmp_path, no_provider_keys):
    api = make_api(
        tmp_path, engines=(*ENGINES, "openai-cua"), openai_cua_model="computer-use-preview"
    )
    response = api.post("/v1/run/tasks", {"prompt": "Order paper", "engine": "openai-cua"})

    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["field"] == "STRATUS_OPENAI_CUA_MODEL" and "OPENAI_API_KEY" in error["msg"]
