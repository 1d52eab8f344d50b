from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from stratus.bootstrap import Container, build_container
from stratus.config import Settings
from stratus.domain.models import Run
from stratus.domain.status import RunStatus
from stratus.services.engines import EngineRegistry
from tests.contract.store_contract import make_run
from tests.fakes.memory_store import InMemoryRunStore
from tests.fakes.runtime import FakeBrowserProvider, FixedClock, NoCodes, RecordingHttp


def render(run: Run) -> dict[str, Any]:
    return {"run_id": run.run_id, "status": run.status.value, "output": run.output, "n": 2.0}


@dataclass
class Harness:
    container: Container
    clock: FixedClock
    http: RecordingHttp
    browser: FakeBrowserProvider
    raw_key: str
    key_id: str

    def new_run(self, **fields: Any) -> Run:
        run = make_run(
            org=self.container.keys._store.get_api_key(self.key_id).organization_id,
            status=RunStatus.queued,
            api_key_id=self.key_id,
            created_at=self.clock.now(),
            **fields,
        )
        self.container.store.create_run(run)
        return run


@pytest.fixture
def harness_factory(tmp_path):
    def make(engine, *, settings: dict[str, Any] | None = None, statuses=None) -> Harness:
        config = Settings(data_dir=tmp_path, **(settings or {}))
        clock = FixedClock()
        http = RecordingHttp(statuses)
        browser = FakeBrowserProvider()

        container = build_container(
            config,
            store=InMemoryRunStore(),
            clock=clock,
            browser=browser,
            http=http,
            codes=NoCodes(),
            render=render,
            engines=EngineRegistry(config, {"builtin": lambda: engine}),
        )
        key, raw = container.keys.create_key("test")
        return Harness(container, clock, http, browser, raw, key.key_id)

    return make
