import pytest

from stratus.agent.partial import merge_partial

pytestmark = pytest.mark.unit


def test_pages_of_rows_concatenate_under_their_key():
    pages = [{"products": [{"n": 1}], "source": "p1"}, {"products": [{"n": 2}], "source": "p2"}]
    assert merge_partial(pages) == {"products": [{"n": 1}, {"n": 2}], "source": "p2"}


def test_lists_concatenate_and_nothing_is_none():
    assert merge_partial([[1], None, [2, 3]]) == [1, 2, 3]
    assert merge_partial([None]) is None
    assert merge_partial([]) is None


def test_mixed_shapes_come_back_page_by_page():
    assert merge_partial([{"a": 1}, "text"]) == [{"a": 1}, "text"]
    assert merge_partial([{"a": 1, "b": None}, {"b": None}]) == {"a": 1, "b": None}
