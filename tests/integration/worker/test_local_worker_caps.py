"""The local worker honours the active-run caps: waiting runs start as places free up."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from stratus.config import Settings
from stratus.domain.status import RunStatus
from tests.contract.store_contract import make_run
from tests.integration.worker.test_local_worker import (
    SlowEngine,
    running_worker,
    states_once_ended,
    worker_container,
)

pytestmark = pytest.mark.integration


async def test_a_cap_of_one_per_organization_runs_each_organizations_runs_one_by_one(tmp_path):
    settings = Settings(
        data_dir=tmp_path, workers=4, poll_interval_seconds=0.05, max_active_runs_per_organization=1
    )
    engine = SlowEngine()
    container = worker_container(settings, engine)
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
    async with running_worker(container):
        states = await states_once_ended(container, runs)
    assert all(s.status is RunStatus.completed for s in states)
    assert engine.peak == 2  # one run of each organization at a time, though 4 workers
    by_org_a = [s for s in states if s.organization_id == "o_a"]
    for earlier, later in itertools.pairwise(by_org_a):
        assert later.started_at >= earlier.finished_at  # in the order they were created
