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
    opening_for_ms=None,
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
    assert replace(IDLE, opening_for_ms=0.0).busy() == ["opening"]


def test_a_navigation_that_never_sent_its_request_stops_counting() -> None:
    assert replace(IDLE, navigation_for_ms=NAV_START_MS + 1).busy() == []


def test_a_new_tab_that_never_appears_stops_counting() -> None:
    assert replace(IDLE, opening_for_ms=NAV_START_MS + 1).busy() == []


def test_a_new_tab_is_waited_for_until_one_appears_after_it_was_asked_for() -> None:
    from stratus.agent.page_activity import _still_opening

    assert _still_opening(None, float("-inf"), 10.0) is None
    assert _still_opening(200.0, float("-inf"), 10.0) == 200.0  # none appeared yet
    assert _still_opening(200.0, 9.9, 10.0) is None  # one appeared after the ask
    assert _still_opening(200.0, 9.0, 10.0) == 200.0  # an older one does not count


def test_a_document_held_back_only_by_long_lived_requests_is_ready() -> None:
    streaming = replace(IDLE, ready="interactive", long_lived=("http://x/poll",))
    assert streaming.busy() == []
    assert replace(streaming, requests=1).busy() == ["loading", "requests"]
    assert replace(IDLE, ready="interactive").busy() == ["loading"]
    assert replace(IDLE, ready="loading", long_lived=("http://x/poll",)).busy() == ["loading"]
