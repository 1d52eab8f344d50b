"""A lease renewal that fails ends the step with the reason (and the step is retried), rather
than dying unseen while the step goes on without a lease."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import pytest

from stratus.bootstrap import build_container
from stratus.config import Settings
from stratus.domain.engine import StepOutcome
from stratus.domain.models import Run
from stratus.domain.status import RunStatus, StepStatus
from stratus.ports import RunCondition
from stratus.services.engines import EngineRegistry
from tests.contract.store_contract import make_run
from tests.fakes.memory_store import InMemoryRunStore
from tests.fakes.runtime import FakeBrowserProvider, FixedClock, NoCodes, RecordingHttp
from tests.unit.services.conftest import render

pytestmark = pytest.mark.unit


class RenewalsFail(InMemoryRunStore):
    """A store that goes away for lease renewals (every other write still works)."""

    def update_run(
        self, run_id: str, changes: Mapping[str, Any], condition: RunCondition | None = None
    ) -> Run | None:
        if set(changes) == {"lease_expires_at"}:
            raise ConnectionError("the table is unreachable")
        return super().update_run(run_id, changes, condition)


class SlowEngine:
    def __init__(self) -> None:
        self.finished = False

    async def step(self, ctx: Any) -> StepOutcome:
        await asyncio.sleep(30)
        self.finished = True
        return StepOutcome(decision="complete", output={"x": 1})


async def test_a_failed_renewal_fails_the_step_with_its_reason(tmp_path):
    engine = SlowEngine()
    config = Settings(data_dir=tmp_path, lease_seconds=0.3)
    store = RenewalsFail()
    container = build_container(
        config,
        store=store,
        clock=FixedClock(),
        browser=FakeBrowserProvider(),
        http=RecordingHttp(None),
        codes=NoCodes(),
        render=render,
        engines=EngineRegistry(config, {"builtin": lambda: engine}),
    )
    run = make_run(status=RunStatus.queued)
    store.create_run(run)

    report = await asyncio.wait_for(container.execution.run_step(run.run_id), timeout=10)

    assert not engine.finished
    assert not report.done
    (step,) = store.list_steps(run.run_id)
    assert step.status is StepStatus.failed
    assert step.failure_reason == ("the run's lease could not be renewed: the table is unreachable")
