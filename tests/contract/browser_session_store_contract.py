"""The BrowserSessionStore contract: every adapter (SQLite, DynamoDB on moto, the in-memory
fake) subclasses BrowserSessionStoreContract and provides a ``session_store`` fixture."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest

from stratus.domain.browser_sessions import (
    BrowserSessionCondition,
    BrowserSessionRecord,
    BrowserSessionStatus,
)
from stratus.domain.ids import new_id
from stratus.ports import Conflict, NotFound

T0 = datetime(2026, 3, 1, 12, 0, 0, 250_000, tzinfo=UTC)
RUNNING = frozenset({BrowserSessionStatus.running})


def make_session(
    org: str = "o_1", *, created_at: datetime = T0, **fields: object
) -> BrowserSessionRecord:
    return BrowserSessionRecord(
        browser_session_id=new_id("pbs"),
        organization_id=org,
        created_at=created_at,
        started_at=created_at,
        modified_at=created_at,
        **fields,
    )


def claim_for(run_id: str, previous: str | None = None) -> tuple[dict, BrowserSessionCondition]:
    return (
        {"runnable_id": run_id, "runnable_type": "task", "claimed_at": T0},
        BrowserSessionCondition(status_in=RUNNING, runnable_in=frozenset({previous})),
    )


class BrowserSessionStoreContract:
    def test_create_and_get_round_trip(self, session_store) -> None:
        record = make_session(
            url="https://example.com/start",
            timeout_minutes=90,
            proxy_location={"country": "US", "subdivision": "CA"},
        )
        session_store.create_browser_session(record)
        assert session_store.get_browser_session(record.browser_session_id) == record

    def test_missing_session_is_none(self, session_store) -> None:
        assert session_store.get_browser_session("pbs_404") is None
        assert session_store.list_active_browser_sessions("o_404") == []

    def test_create_refuses_an_existing_id(self, session_store) -> None:
        record = make_session()
        session_store.create_browser_session(record)
        with pytest.raises(Conflict):
            session_store.create_browser_session(record.model_copy(update={"url": "x"}))
        assert session_store.get_browser_session(record.browser_session_id).url is None

    def test_lists_the_organizations_running_sessions_newest_first(self, session_store) -> None:
        older = make_session()
        newer = make_session(created_at=T0 + timedelta(minutes=3))
        # the same instant written in another offset still sorts by the instant
        middle = make_session(
            created_at=(T0 + timedelta(minutes=1)).astimezone(timezone(timedelta(hours=-8)))
        )
        closed = make_session(
            created_at=T0 + timedelta(minutes=5), status=BrowserSessionStatus.completed
        )
        foreign = make_session("o_2")
        for record in (older, newer, middle, closed, foreign):
            session_store.create_browser_session(record)
        listed = session_store.list_active_browser_sessions("o_1")
        assert [r.browser_session_id for r in listed] == [
            newer.browser_session_id,
            middle.browser_session_id,
            older.browser_session_id,
        ]
        listed_for_other = session_store.list_active_browser_sessions("o_2")
        assert [r.browser_session_id for r in listed_for_other] == [foreign.browser_session_id]

    def test_update_without_condition_applies_the_changes(self, session_store) -> None:
        record = make_session()
        session_store.create_browser_session(record)
        later = T0 + timedelta(minutes=2)
        updated = session_store.update_browser_session(
            record.browser_session_id,
            {"status": BrowserSessionStatus.completed, "completed_at": later, "modified_at": later},
        )
        assert updated.status is BrowserSessionStatus.completed
        assert updated.completed_at == later
        assert session_store.get_browser_session(record.browser_session_id) == updated
        assert session_store.list_active_browser_sessions("o_1") == []

    def test_update_of_a_missing_session_raises_not_found(self, session_store) -> None:
        with pytest.raises(NotFound):
            session_store.update_browser_session("pbs_404", {"url": "x"})

    def test_a_claim_holds_only_while_the_expected_run_holds_it(self, session_store) -> None:
        record = make_session()
        session_store.create_browser_session(record)
        sid = record.browser_session_id
        changes, condition = claim_for("tsk_1")
        claimed = session_store.update_browser_session(sid, changes, condition)
        assert claimed.runnable_id == "tsk_1"
        again, when_free = claim_for("tsk_2")
        assert session_store.update_browser_session(sid, again, when_free) is None
        assert session_store.get_browser_session(sid).runnable_id == "tsk_1"
        handover, from_first = claim_for("tsk_2", previous="tsk_1")
        assert session_store.update_browser_session(sid, handover, from_first).runnable_id == (
            "tsk_2"
        )

    def test_a_closed_session_cannot_be_claimed(self, session_store) -> None:
        record = make_session(status=BrowserSessionStatus.timeout)
        session_store.create_browser_session(record)
        changes, condition = claim_for("tsk_1")
        assert (
            session_store.update_browser_session(record.browser_session_id, changes, condition)
            is None
        )
        assert session_store.get_browser_session(record.browser_session_id).runnable_id is None

    def test_concurrent_claims_have_one_winner(self, session_store) -> None:
        record = make_session()
        session_store.create_browser_session(record)
        winners: list[str] = []
        start = threading.Barrier(8)

        def claim(run_id: str) -> None:
            start.wait()
            changes, condition = claim_for(run_id)
            if session_store.update_browser_session(record.browser_session_id, changes, condition):
                winners.append(run_id)

        threads = [threading.Thread(target=claim, args=(f"tsk_{i}",)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(winners) == 1
        assert (
            session_store.get_browser_session(record.browser_session_id).runnable_id == (winners[0])
        )

    def test_release_clears_the_holder(self, session_store) -> None:
        record = make_session(runnable_id="tsk_1", runnable_type="task", claimed_at=T0)
        session_store.create_browser_session(record)
        released = session_store.update_browser_session(
            record.browser_session_id,
            {"runnable_id": None, "runnable_type": None, "claimed_at": None},
            BrowserSessionCondition(runnable_in=frozenset({"tsk_1"})),
        )
        assert released.runnable_id is None and released.claimed_at is None
        assert session_store.get_browser_session(record.browser_session_id) == released
