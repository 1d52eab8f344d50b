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


def test_what_the_document_did_while_loading_is_no_change_once_it_loaded() -> None:
    from stratus.agent.page_activity import since_change_ms

    load_end = 1_000_000.0  # epoch ms, the browser's clock
    # parsing mutated the DOM 40 ms ago, before the load event ended 30 ms ago; the
    # document's own request (answered before the load) was reported 10 ms ago
    assert since_change_ms(40.0, 30.0, [(10.0, load_end - 50, False)], load_end) == float("inf")


def test_changes_after_the_load_and_fetches_at_any_time_still_count() -> None:
    from stratus.agent.page_activity import since_change_ms

    load_end = 1_000_000.0
    assert since_change_ms(20.0, 30.0, [], load_end) == 20.0  # a mutation after the load
    assert since_change_ms(99.0, 30.0, [(15.0, load_end + 5, False)], load_end) == 15.0
    assert since_change_ms(99.0, 30.0, [(12.0, load_end - 50, True)], load_end) == 12.0
    assert since_change_ms(99.0, 30.0, [(8.0, None, False)], load_end) == 8.0  # end unknown


def test_before_the_load_event_is_over_every_change_counts() -> None:
    from stratus.agent.page_activity import since_change_ms

    assert since_change_ms(40.0, None, [(10.0, 5.0, False)], None) == 10.0
    assert since_change_ms(40.0, None, [], None) == 40.0
