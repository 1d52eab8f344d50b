"""The composition root gives the browser provider the remote backend the settings name."""

import pytest

from stratus.adapters.aws.agentcore_browser import AgentCoreBrowserEndpoints
from stratus.bootstrap import build_container
from stratus.config import Settings
from tests.fakes.artifact_store import MemoryArtifactStore

pytestmark = pytest.mark.unit


def test_agentcore_setting_wires_the_agentcore_backend(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("AWS_REGION", "us-west-2")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    settings = Settings(
        data_dir=tmp_path, remote_browser="agentcore", agentcore_session_timeout_seconds=5400
    )
    store = MemoryArtifactStore()
    container = build_container(settings, artifacts=store)
    remote = container.remote_browsers
    assert isinstance(remote, AgentCoreBrowserEndpoints)
    assert remote._store is store
    assert remote._region == "us-west-2"
    assert remote._timeout == 5400
    assert container.browser._remote_browsers is remote


def test_no_remote_backend_by_default(tmp_path) -> None:
    container = build_container(Settings(data_dir=tmp_path), artifacts=MemoryArtifactStore())
    assert container.remote_browsers is None
    assert container.browser._remote_browsers is None


def test_settings_read_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("STRATUS_REMOTE_BROWSER", "agentcore")
    monkeypatch.setenv("STRATUS_AGENTCORE_BROWSER_ID", "custom_browser-AbC")
    monkeypatch.setenv("STRATUS_AGENTCORE_SESSION_TIMEOUT_SECONDS", "7200")
    settings = Settings()
    assert settings.remote_browser == "agentcore"
    assert settings.agentcore_browser_id == "custom_browser-AbC"
    assert settings.agentcore_session_timeout_seconds == 7200
