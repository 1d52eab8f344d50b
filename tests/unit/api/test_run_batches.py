"""Runs created in the same turn of the event loop are stored in one transaction; each
request still gets its own outcome."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from stratus.api.run_batches import RunsStoredTogether
from stratus.ports import Conflict
from tests.contract.store_contract import make_run

pytestmark = pytest.mark.unit


class RecordingRuns:
    """The run service's at-once storing: records each batch; refuses runs named in
    ``conflicting`` (the whole batch, as a transaction would), or waits (None) if told."""

    def __init__(
        self,
        *,
        conflicting: frozenset[str] = frozenset(),
        busy: bool = False,
        failing: Exception | None = None,
    ):
        self.batches: list[list[str]] = []
        self.calls = 0
        self.conflicting = conflicting
        self.busy = busy
        self.failing = failing

    def store_and_start_at_once(self, runs: list[Any]) -> list[Any] | None:
        self.calls += 1
        if self.failing is not None:
            raise self.failing
        ids = [run.run_id for run in runs]
        if self.conflicting & set(ids):
            raise Conflict(", ".join(ids))
        if self.busy:
            return None
        self.batches.append(ids)
        return [run.model_copy(update={"title": "stored"}) for run in runs]


async def test_runs_created_in_one_turn_are_stored_together_and_each_gets_its_own():
    runs = [make_run() for _ in range(5)]
    service = RecordingRuns()
    together = RunsStoredTogether(service)  # type: ignore[arg-type]
    stored = await asyncio.gather(*(together.store_and_start(run) for run in runs))
    assert service.batches == [[run.run_id for run in runs]]
    assert [s.run_id for s in stored] == [run.run_id for run in runs]
    assert {s.title for s in stored} == {"stored"}


async def test_runs_created_in_later_turns_make_later_batches():
    service = RecordingRuns()
    together = RunsStoredTogether(service)  # type: ignore[arg-type]
    first, second = make_run(), make_run()
    await together.store_and_start(first)
    await together.store_and_start(second)
    assert service.batches == [[first.run_id], [second.run_id]]


async def test_a_conflict_in_a_batch_is_the_conflicting_requests_alone():
    runs = [make_run() for _ in range(3)]
    service = RecordingRuns(conflicting=frozenset({runs[1].run_id}))
    together = RunsStoredTogether(service)  # type: ignore[arg-type]
    outcomes = await asyncio.gather(
        *(together.store_and_start(run) for run in runs), return_exceptions=True
    )
    assert isinstance(outcomes[1], Conflict)
    assert [o.run_id for o in (outcomes[0], outcomes[2])] == [runs[0].run_id, runs[2].run_id]
    assert service.batches == [[runs[0].run_id], [runs[2].run_id]]


async def test_where_storing_would_wait_every_request_is_told_so():
    service = RecordingRuns(busy=True)
    together = RunsStoredTogether(service)  # type: ignore[arg-type]
    outcomes = await asyncio.gather(*(together.store_and_start(make_run()) for _ in range(3)))
    assert outcomes == [None, None, None]


async def test_a_request_gone_before_its_turn_has_its_run_left_unstored():
    service = RecordingRuns()
    together = RunsStoredTogether(service)  # type: ignore[arg-type]
    kept, gone = make_run(), make_run()
    kept_task = asyncio.ensure_future(together.store_and_start(kept))
    gone_task = asyncio.ensure_future(together.store_and_start(gone))
    await asyncio.sleep(0)  # both wait for the batch
    gone_task.cancel()
    assert (await kept_task).run_id == kept.run_id
    assert service.batches == [[kept.run_id]]


async def test_a_failing_database_fails_every_request_of_the_batch_once():
    """Not retried run by run: the batch may have been stored before the failure."""
    failure = OSError("disk I/O error")
    service = RecordingRuns(failing=failure)
    together = RunsStoredTogether(service)  # type: ignore[arg-type]
    outcomes = await asyncio.gather(
        *(together.store_and_start(make_run()) for _ in range(3)), return_exceptions=True
    )
    assert outcomes == [failure] * 3
    assert service.calls == 1
