"""BrowserSessionService over the in-memory fakes: claims, lazy release, timeouts, closing."""

from __future__ import annotations

import json

import pytest

from stratus.domain.browser_sessions import BrowserSessionStatus, session_state_key
from stratus.domain.status import RunStatus
from stratus.services.browser_sessions import BrowserSessionNotFound, BrowserSessionService
from stratus.services.errors import InvalidRequest
from tests.contract.store_contract import make_run
from tests.fakes.browser_session_store import MemoryBrowserSessionStore
from tests.fakes.memory_store import InMemoryRunStore
from tests.fakes.runtime import FixedClock

pytestmark = pytest.mark.unit


class MemoryStateStore:
    def __init__(self) -> None:
        self.items: dict[str, bytes] = {}

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.items[key] = data

    def get(self, key: str) -> tuple[bytes, str]:
        return self.items[key], "application/json"

    def url_for(self, key: str) -> str:
        return key


class Setup:
    def __init__(self) -> None:
        self.store = MemoryBrowserSessionStore()
        self.runs = InMemoryRunStore()
        self.clock = FixedClock()
        self.state = MemoryStateStore()
        self.closed_browsers: list[str] = []

        async def close_browser(browser_session_id: str) -> None:
            self.closed_browsers.append(browser_session_id)

        self.service = BrowserSessionService(
            self.store,
            self.runs,
            self.clock,
            state_store=self.state,
            close_browser=close_browser,
        )

    def run_on(self, session_id: str, org: str = "o_1", **fields):
        return make_run(org=org, browser_session_id=session_id, **fields)


@pytest.fixture
def setup() -> Setup:
    return Setup()


def test_create_saves_the_url_as_the_state_the_browser_opens(setup):
    record = setup.service.create("o_1", url="https://example.com/a", timeout_minutes=15)
    assert record.timeout_minutes == 15
    assert record.started_at == setup.clock.now()
    saved = setup.state.items[session_state_key(record.browser_session_id)]
    assert json.loads(saved) == {"url": "https://example.com/a"}
    bare = setup.service.create("o_1")
    assert bare.timeout_minutes == 60
    assert session_state_key(bare.browser_session_id) not in setup.state.items


async def test_get_is_scoped_to_the_organization(setup):
    record = setup.service.create("o_1")
    assert (await setup.service.get("o_1", record.browser_session_id)) == record
    for org, sid in (("o_2", record.browser_session_id), ("o_1", "pbs_1"), ("o_1", "tsk_1")):
        with pytest.raises(BrowserSessionNotFound):
            await setup.service.get(org, sid)


def test_a_claim_held_by_an_unfinished_run_refuses_the_next(setup):
    sid = setup.service.create("o_1").browser_session_id
    first = setup.run_on(sid)
    setup.runs.create_run(first)
    assert setup.service.claim(first).runnable_id == first.run_id
    assert setup.service.claim(first).runnable_id == first.run_id  # the holder may claim again
    with pytest.raises(InvalidRequest, match=first.run_id) as refused:
        setup.service.claim(setup.run_on(sid))
    assert refused.value.field == "browser_session_id"


def test_a_finished_holder_lets_the_next_run_take_over(setup):
    sid = setup.service.create("o_1").browser_session_id
    first = setup.run_on(sid)
    setup.runs.create_run(first)
    setup.service.claim(first)
    setup.runs.update_run(first.run_id, {"status": RunStatus.failed})
    second = setup.run_on(sid)
    assert setup.service.claim(second).runnable_id == second.run_id


def test_a_claim_whose_run_was_never_stored_lapses_after_the_grace(setup):
    sid = setup.service.create("o_1").browser_session_id
    setup.service.claim(setup.run_on(sid))  # the run itself was never stored
    with pytest.raises(InvalidRequest):
        setup.service.claim(setup.run_on(sid))
    setup.clock.advance(61)
    later = setup.run_on(sid)
    assert setup.service.claim(later).runnable_id == later.run_id


async def test_the_timeout_counts_from_the_start_and_ends_the_session(setup):
    record = setup.service.create("o_1", timeout_minutes=5)
    sid = record.browser_session_id
    setup.clock.advance(5 * 60 - 0.001)
    assert (await setup.service.get("o_1", sid)).status is BrowserSessionStatus.running
    setup.clock.advance(0.001)
    ended = await setup.service.get("o_1", sid)
    assert ended.status is BrowserSessionStatus.timeout
    assert ended.completed_at == setup.clock.now()
    assert setup.closed_browsers == [sid]
    assert json.loads(setup.state.items[session_state_key(sid)]) == {"closed": True}
    assert await setup.service.list_active("o_1") == []
    with pytest.raises(InvalidRequest, match="timeout"):
        setup.service.claim(setup.run_on(sid))


async def test_close_ends_the_session_and_closes_its_browser_once_per_call(setup):
    sid = setup.service.create("o_1").browser_session_id
    setup.clock.advance(10)
    closed = await setup.service.close("o_1", sid)
    assert closed.status is BrowserSessionStatus.completed
    assert closed.completed_at == setup.clock.now()
    setup.clock.advance(10)
    again = await setup.service.close("o_1", sid)
    assert again.completed_at == closed.completed_at
    assert setup.closed_browsers == [sid, sid]
    with pytest.raises(BrowserSessionNotFound):
        await setup.service.close("o_2", sid)


async def test_a_failing_browser_close_still_closes_the_session(setup):
    async def broken(_: str) -> None:
        raise RuntimeError("browser gone")

    service = BrowserSessionService(setup.store, setup.runs, setup.clock, close_browser=broken)
    sid = service.create("o_1").browser_session_id
    assert (await service.close("o_1", sid)).status is BrowserSessionStatus.completed


def test_foreign_and_unknown_sessions_are_refused_alike(setup):
    foreign = setup.service.create("o_2").browser_session_id
    for sid in (foreign, "pbs_404"):
        with pytest.raises(InvalidRequest, match="no browser session") as refused:
            setup.service.claim(setup.run_on(sid))
        assert refused.value.field == "browser_session_id"
    assert setup.store.get_browser_session(foreign).runnable_id is None
