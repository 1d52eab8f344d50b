"""What counts as a page still working, from one reading of its activity."""

from __future__ import annotations

from dataclasses import replace

from stratus.agent.page_activity import NAV_START_MS, QUIET_MS, Activity

IDLE = Activity(
    doc="d1",
    ready="complete",
    since_change_ms=QUIET_MS * 10,
    changes=3,
    navigation_for_ms=None,
    timers=0,
    requests=0,
    long_lived=(),
)


def test_an_idle_reading_has_no_reason_to_wait() -> None:
    assert IDLE.busy() == []


def test_each_kind_of_evidence_is_named() -> None:
    assert replace(IDLE, ready="loading").busy() == ["loading"]
    assert replace(IDLE, requests=1).busy() == ["requests"]
    assert replace(IDLE, timers=2).busy() == ["timers"]
    assert replace(IDLE, since_change_ms=QUIET_MS / 2).busy() == ["changes"]
    assert replace(IDLE, navigation_for_ms=0.0).busy() == ["navigation"]


def test_a_navigation_that_never_sent_its_request_stops_counting() -> None:
    assert replace(IDLE, navigation_for_ms=NAV_START_MS + 1).busy() == []


def test_a_document_held_back_only_by_long_lived_requests_is_ready() -> None:
    streaming = replace(IDLE, ready="interactive", long_lived=("http://x/poll",))
    assert streaming.busy() == []
    assert replace(streaming, requests=1).busy() == ["loading", "requests"]
    assert replace(IDLE, ready="interactive").busy() == ["loading"]
    assert replace(IDLE, ready="loading", long_lived=("http://x/poll",)).busy() == ["loading"]
