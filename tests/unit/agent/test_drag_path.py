"""Where a drag onto an element passes the target's centre before resting on it."""

from __future__ import annotations

import pytest

from stratus.agent.gestures import past_centre

BOX = {"x": 0.0, "y": 40.0, "width": 100.0, "height": 20.0}  # centre (50, 50)


@pytest.mark.parametrize(
    ("start", "past"),
    [
        ((50.0, 10.0), (50.0, 55.0)),  # down: a quarter of the height past the midline
        ((50.0, 90.0), (50.0, 45.0)),  # up
        ((250.0, 50.0), (25.0, 50.0)),  # from the right: a quarter of the width
        ((50.0, 50.0), (50.0, 50.0)),  # already on the centre: no travel, no overshoot
    ],
)
def test_the_pointer_passes_the_centre_along_the_line_of_travel(start, past):
    assert past_centre(start, BOX) == pytest.approx(past)


def test_a_slanted_drag_stays_in_the_middle_half_of_the_target():
    x, y = past_centre((0.0, 0.0), BOX)
    # travel (50, 50): the height's quarter (5 px) binds before the width's (25 px)
    assert (x, y) == pytest.approx((55.0, 55.0))
    assert 25 <= x <= 75 and 45 <= y <= 55
