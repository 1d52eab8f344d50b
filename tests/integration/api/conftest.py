"""An app over real services and the SQLite store, with a recording orchestrator and HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

from stratus.api.app import create_app
from stratus.bootstrap import Container, build_container
from stratus.config import Settings
from stratus.domain.models import Run
from stratus.services.engines import EngineRegistry
from tests.fakes.runtime import FixedClock, RecordingHttp


@dataclass
class RecordingOrchestrator:
    started: list[str] = field(default_factory=list)
    canceled: list[str] = field(default_factory=list)

    def start(self, run: Run) -> None:
        self.started.append(run.run_id)

    def cancel(self, run: Run) -> None:
        self.canceled.append(run.run_id)


@dataclass
class Api:
    client: TestClient
    container: Container
    orchestrator: RecordingOrchestrator
    http: RecordingHttp
    clock: FixedClock
    raw_key: str
    organization_id: str

    @property
    def headers(self) -> dict[str, str]:
        return {"x-api-key": self.raw_key}

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.client.post(path, json=body, headers={**self.headers, **headers})

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params=params, headers=self.headers)

    def other_key(self) -> dict[str, str]:
        _, raw = self.container.keys.create_key("someone else")
        return {"x-api-key": raw}


DEFAULT_ENGINES = ("builtin", "skyvern-2.0")


class EveryProviderKeySet:
    """Model credentials of a deployment that has every provider's keys."""

    def missing(self, model: str) -> list[str]:
        return []

    def wait_until_loaded(self) -> None:
        return None


def make_api(
    tmp_path,
    engines: tuple[str, ...] = DEFAULT_ENGINES,
    *,
    overrides: dict[str, Any] | None = None,
    **settings: Any,
) -> Api:
    config = Settings(data_dir=tmp_path, **settings)
    orchestrator = RecordingOrchestrator()
    http = RecordingHttp()
    clock = FixedClock()

    async def instant(_: float) -> None:
        return None

    container = build_container(
        config,
        orchestrator=orchestrator,
        http=http,
        clock=clock,
        engines=EngineRegistry(config, dict.fromkeys(engines, object)),
        **(overrides or {}),
    )
    container.webhooks._sleep = instant
    key, raw = container.keys.create_key("tests")
    client = TestClient(create_app(container), raise_server_exceptions=False)
    return Api(client, container, orchestrator, http, clock, raw, key.organization_id)


@pytest.fixture
def api(tmp_path) -> Api:
    return make_api(tmp_path)
