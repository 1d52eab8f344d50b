"""The local worker honours the active-run caps: waiting runs start as places free up."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta

import pytest

from stratus.bootstrap import build_container
from stratus.config import Settings
from stratus.domain.status import RunStatus
from stratus.services.engines import EngineRegistry
from tests.contract.store_contract import make_run
from tests.fakes.runtime import FakeBrowserProvider, NoCodes, RecordingHttp
from tests.integration.worker.test_local_worker import SlowEngine

pytestmark = pytest.mark.integration


async def test_a_cap_of_one_per_organization_runs_each_organizations_runs_one_by_one(tmp_path):
    settings = Settings(
        data_dir=tmp_path, workers=4, poll_interval_seconds=0.05, max_active_runs_per_organization=1
    )
    engine = SlowEngine()
    container = build_container(
        settings,
        browser=FakeBrowserProvider(),
        http=RecordingHttp(),
        codes=NoCodes(),
        engines=EngineRegistry(settings, {"builtin": lambda: engine}),
    )
    start = datetime(2026, 1, 1, tzinfo=UTC)
    runs = [
        make_run(
            org=org,
            status=RunStatus.queued,
            awaiting_admission=True,  # as the run service stores a run when caps are set
            created_at=start + timedelta(seconds=index),
        )
        for index, org in enumerate(["o_a", "o_a", "o_b", "o_a", "o_b"])
    ]
    for run in runs:
        container.store.create_run(run)
    stop = asyncio.Event()
    worker = asyncio.create_task(container.worker.run_forever(stop))
    try:
        for _ in range(400):
            states = [container.store.get_run(r.run_id) for r in runs]
            if all(s.is_terminal for s in states):
                break
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await worker
    assert all(s.status is RunStatus.completed for s in states)
    assert engine.peak == 2  # one run of each organization at a time, though 4 workers
    by_org_a = [s for s in states if s.organization_id == "o_a"]
    for earlier, later in itertools.pairwise(by_org_a):
        assert later.started_at >= earlier.finished_at  # in the order they were created
