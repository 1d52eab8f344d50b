"""A request for an engine we cannot honour is refused up front, never served by another."""

import pytest

from tests.integration.api.conftest import make_api

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("engine", "setting"),
    [
        ("openai-cua", "STRATUS_OPENAI_CUA_MODEL"),
        ("anthropic-cua", "STRATUS_ANTHROPIC_CUA_MODEL"),
        ("ui-tars", "STRATUS_UI_TARS_MODEL"),
    ],
)
def test_cua_engine_without_a_model_is_a_400_naming_the_setting(tmp_path, engine, setting):
    api = make_api(tmp_path)
    response = api.post("/v1/run/tasks", {"prompt": "Order paper", "engine": engine})

    assert response.status_code == 400
    assert setting in response.text
    assert api.orchestrator.started == []


def test_cua_engine_with_a_configured_model_gets_its_run_type(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")  # the model's key, checked at creation
    api = make_api(tmp_path, openai_cua_model="computer-use-preview")
    api.container.engines._factories["openai-cua"] = object
    response = api.post("/v1/run/tasks", {"prompt": "Order paper", "engine": "openai-cua"})

    assert response.status_code == 200, response.text
    assert response.json()["run_type"] == "openai_cua"
    run = api.container.store.get_run(response.json()["run_id"])
    assert api.container.engines.model_for(run) == "computer-use-preview"
