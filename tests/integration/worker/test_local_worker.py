"""The local worker: N runs at once, every run ends, webhooks go out once each."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from stratus.bootstrap import build_container
from stratus.config import Settings
from stratus.contract.commands import create_task_run
from stratus.contract.requests import RunTaskRequest
from stratus.domain.engine import StepOutcome
from stratus.domain.status import RunStatus
from stratus.ports import EXECUTION_RUNNING
from stratus.services.engines import EngineRegistry
from tests.contract.store_contract import make_run
from tests.fakes.runtime import FakeBrowserProvider, NoCodes, RecordingHttp

pytestmark = pytest.mark.integration


class SlowEngine:
    """Each run takes two steps; records how many steps run at the same time."""

    def __init__(self) -> None:
        self.active = 0
        self.peak = 0

    async def step(self, ctx):
        self.active += 1
        self.peak = max(self.peak, self.active)
        try:
            await asyncio.sleep(0.05)
        finally:
            self.active -= 1
        done = ctx.step.order >= 1
        return StepOutcome(decision="complete" if done else "continue", output={"n": 1})


def worker_container(settings: Settings, engine: object | None = None, http=None):
    """A container whose built-in engine is ``engine`` (a new SlowEngine per run if None),
    with a fake browser, no codes and ``http`` (a RecordingHttp if None) for webhooks."""
    make_engine = (lambda: engine) if engine is not None else SlowEngine
    return build_container(
        settings,
        browser=FakeBrowserProvider(),
        http=http or RecordingHttp(),
        codes=NoCodes(),
        engines=EngineRegistry(settings, {"builtin": make_engine}),
    )


@asynccontextmanager
async def running_worker(container) -> AsyncIterator[None]:
    """The container's worker running (its first scan made), stopped on leaving."""
    stop = asyncio.Event()
    worker = asyncio.create_task(container.worker.run_forever(stop))
    await asyncio.sleep(0.05)  # the first scan
    try:
        yield
    finally:
        stop.set()
        await worker


async def states_once_ended(container, runs, ended=lambda run: run.is_terminal) -> list:
    """The runs as stored once each has ``ended`` (checked every 50 ms, for 20 s at most)."""
    for _ in range(400):
        states = [container.store.get_run(r.run_id) for r in runs]
        if all(ended(s) for s in states):
            break
        await asyncio.sleep(0.05)
    return states


@pytest.mark.parametrize("workers", [1, 2, 3])
async def test_runs_go_n_at_once_and_all_end_with_one_webhook_each(tmp_path, workers):
    settings = Settings(data_dir=tmp_path, workers=workers, poll_interval_seconds=0.05)
    engine = SlowEngine()
    http = RecordingHttp()
    container = worker_container(settings, engine, http)
    key, _ = container.keys.create_key("worker")
    runs = [
        make_run(
            org=key.organization_id,
            status=RunStatus.queued,
            api_key_id=key.key_id,
            webhook_url="http://127.0.0.1:9/hook",
        )
        for _ in range(6)
    ]
    for run in runs:
        container.store.create_run(run)
    async with running_worker(container):
        states = await states_once_ended(
            container, runs, lambda s: s.is_terminal and s.webhook_state == "sent"
        )
    assert all(s.status is RunStatus.completed for s in states)
    assert engine.peak == workers
    assert sorted(h.url for h in http.sent) == ["http://127.0.0.1:9/hook"] * 6


async def test_a_started_run_is_driven_at_once_without_reading_every_active_run(
    tmp_path, monkeypatch
):
    """Creating a run hands it to the worker: no wait for the next poll, and no read of the
    whole active runs per created run (scans read ids; whole runs only for one not driven)."""
    container = worker_container(Settings(data_dir=tmp_path, workers=1, poll_interval_seconds=60))
    key, _ = container.keys.create_key("worker")
    async with running_worker(container):
        whole_reads: list[int] = []
        read_whole = container.store.list_active_runs

        def counted(*, limit: int = 100):
            whole_reads.append(limit)
            return read_whole(limit=limit)

        monkeypatch.setattr(container.store, "list_active_runs", counted)
        body = RunTaskRequest.model_validate({"prompt": "read it", "url": "http://127.0.0.1:9/"})
        runs = [container.runs.create_run(key, create_task_run(body)) for _ in range(3)]
        states = await states_once_ended(container, runs)
    assert [s.status for s in states] == [RunStatus.completed] * 3
    assert whole_reads == []


async def test_a_run_started_on_the_workers_loop_is_driven_when_start_returns(tmp_path):
    """The embedded server creates runs on the worker's own loop: the hand-off is a call,
    not a message through the loop's thread-safe queue (a write and a read of its wake-up
    socket per run). From another thread the run is handed over through that queue."""
    container = worker_container(Settings(data_dir=tmp_path, workers=1, poll_interval_seconds=60))
    key, _ = container.keys.create_key("worker")
    body = RunTaskRequest.model_validate({"prompt": "read it", "url": "http://127.0.0.1:9/"})
    async with running_worker(container):
        on_loop = container.runs.create_run(key, create_task_run(body))
        driven_on_return = container.worker.execution_state(on_loop).status
        from_thread = await asyncio.to_thread(container.runs.create_run, key, create_task_run(body))
        for _ in range(100):
            if container.worker.execution_state(from_thread).status == EXECUTION_RUNNING:
                break
            await asyncio.sleep(0.01)
        driven_later = container.worker.execution_state(from_thread).status
    assert driven_on_return == EXECUTION_RUNNING
    assert driven_later == EXECUTION_RUNNING


async def test_a_backlog_waits_as_ids_not_as_tasks_and_is_driven_oldest_first(tmp_path):
    """Fifty runs handed to a worker with two places: two tasks drive runs, the rest wait
    as ids (a task per queued run cost memory and garbage-collection time per created run,
    however long the queue); each run still counts as taken on, and all end, in order."""
    engine = SlowEngine()
    container = worker_container(
        Settings(data_dir=tmp_path, workers=2, poll_interval_seconds=60), engine
    )
    key, _ = container.keys.create_key("worker")
    body = RunTaskRequest.model_validate({"prompt": "read it", "url": "http://127.0.0.1:9/"})
    async with running_worker(container):
        tasks_before = len(asyncio.all_tasks())
        runs = [container.runs.create_run(key, create_task_run(body)) for _ in range(50)]
        tasks_with_backlog = len(asyncio.all_tasks())
        taken_on = {container.worker.execution_state(run).status for run in runs}
        states = await states_once_ended(container, runs)
    assert tasks_with_backlog - tasks_before == 2
    assert taken_on == {EXECUTION_RUNNING}
    assert [s.status for s in states] == [RunStatus.completed] * 50
    assert engine.peak == 2
    started = [s.started_at for s in states]
    assert started == sorted(started)
