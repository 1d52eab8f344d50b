"""Bench plumbing: baselines from the README table, the section registry, table output."""

from pathlib import Path

import pytest

from bench.baselines import read_baselines
from bench.registry import SECTIONS, SectionResult, section
from bench.table import format_section

pytestmark = pytest.mark.unit

README = """
| page | Skyvern tokens | browser-use tokens | elements on page | notes |
| --- | --- | --- | --- | --- |
| click-button | 160 | 219 | 5 | |
| products (225 rows) | 7973 | 7882 | 225 | browser-use exposes 194 of 225 |

Median time to produce it: Skyvern 151 ms, browser-use 85 ms (with screenshots 285 / 147).
"""


def test_baselines_know_who_covers_every_element(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(README)
    baselines = read_baselines(readme)
    assert baselines is not None
    assert baselines.pages["click-button"].cheapest_covering() == 160
    products = baselines.pages["products"]
    assert products.elements == 225 and not products.browser_use_covers_all
    assert products.cheapest_covering() == 7973  # browser-use drops elements: not a candidate
    assert (baselines.skyvern_ms, baselines.browser_use_ms) == (151.0, 85.0)
    assert baselines.miniwob_pages == ["click-button"]
    assert read_baselines(tmp_path / "missing.md") is None


def test_sections_register_once() -> None:
    @section("test-only-section")
    async def sample(options):  # pragma: no cover - never run
        return SectionResult("t", [], [])

    try:
        assert SECTIONS["test-only-section"] is sample
        with pytest.raises(ValueError):
            section("test-only-section")(sample)
    finally:
        SECTIONS.pop("test-only-section")


def test_table_aligns_columns_and_prints_notes() -> None:
    text = format_section(
        SectionResult(
            "demo",
            ["page", "ms"],
            [{"page": "a-long-page", "ms": 1.234}, {"page": "b", "ms": None}],
            ["a note"],
        )
    )
    lines = text.split("\n")
    assert lines[0] == "== demo =="
    assert lines[3].split() == ["a-long-page", "1.2"] and lines[4].split() == ["b", "-"]
    assert len({line.index("ms") for line in lines[1:2]}) == 1
    assert lines[-1].strip() == "note: a note"


def test_median_ratio_to_skyvern_skips_pages_without_a_figure() -> None:
    from bench.sections.snapshot import median_ratio

    rows = [
        {"tokens": 50, "unclipped": 80, "skyvern": 100},
        {"tokens": 30, "unclipped": 30, "skyvern": 100},
        {"tokens": 120, "unclipped": 120, "skyvern": 200},
        {"tokens": 999, "unclipped": 999, "skyvern": None},  # a fixture page: no baseline
    ]
    assert median_ratio(rows) == 0.5
    assert median_ratio(rows, "unclipped") == 0.6
    assert median_ratio([{"tokens": 1, "skyvern": None}]) is None
