"""Merging frames' reads: offscreen spans and cut markers follow the text they belong to."""

import pytest

from stratus.agent.snapshot import _cut, _FrameResult, _merge, cut_marker

pytestmark = pytest.mark.unit


def frame(path: str, text: str, **raw) -> _FrameResult:
    return _FrameResult(path=path, raw={"text": text, **raw})


def test_a_child_frame_inside_an_offscreen_span_splits_it() -> None:
    main_text = "Top\nBelow one\nBelow two"
    start = main_text.index("Below")
    iframe_at = main_text.index("Below two")
    main = frame(
        "",
        main_text,
        offscreenText=[[start, len(main_text)]],
        iframes=[{"sfr": "1", "offset": iframe_at}],
    )
    main.children.append(frame("f1", "Framed", offscreenText=[]))
    text, _, spans, cuts = _merge(main)
    assert cuts == []
    assert [text[a:b].strip() for a, b in spans] == ["Below one", "Below two"]
    assert "Framed" not in "".join(text[a:b] for a, b in spans)


def test_a_frame_cut_short_says_how_much_and_its_elements_follow_the_sign() -> None:
    raw_elements = [
        {"n": 1, "tag": "button", "name": "Early", "offset": 3},
        {"n": 2, "tag": "button", "name": "Late", "offset": 9},
    ]
    main = frame("", "Top\nshort", cut=1234, elements=raw_elements)
    text, elements, _, cuts = _merge(main)
    assert text == "Top\nshort\n" + cut_marker(1234)
    assert [e.text_offset for e in elements] == [3, len(text)]
    assert cuts == [(9, len(text), 1234)]


def test_the_merged_cut_counts_what_frame_markers_stood_for() -> None:
    main = frame("", "a" * 50, cut=0, iframes=[{"sfr": "1", "offset": 50}])
    main.children.append(frame("f1", "b" * 30, cut=500))
    text, elements, spans, cuts = _merge(main)
    out, _ = _cut(text, spans, cuts, 60, elements)
    # 21 b's and a line break left out here, and the 500 characters the frame had cut
    assert out == "a" * 50 + "\n" + "b" * 9 + "\n" + cut_marker(21 + 1 + 500)
