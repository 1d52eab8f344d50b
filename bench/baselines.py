"""The numbers to beat, read from the shared bench README (when it is there)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bench.registry import REPO_ROOT

SHARED_BENCH = REPO_ROOT.parent / "shared" / "bench"


@dataclass(frozen=True)
class Baseline:
    page: str
    skyvern_tokens: int
    browser_use_tokens: int
    elements: int
    browser_use_covers_all: bool
    skyvern_covers_all: bool

    def cheapest_covering(self) -> int | None:
        covering = [
            tokens
            for tokens, covers in (
                (self.skyvern_tokens, self.skyvern_covers_all),
                (self.browser_use_tokens, self.browser_use_covers_all),
            )
            if covers
        ]
        return min(covering) if covering else None


@dataclass(frozen=True)
class Baselines:
    pages: dict[str, Baseline]
    skyvern_ms: float | None
    browser_use_ms: float | None
    miniwob_pages: list[str]
    # the whole read (settle included) right after a load, median of the pages
    skyvern_read_ms: float | None = None
    browser_use_read_ms: float | None = None


def _covers(agent: str, notes: str, elements: int) -> bool:
    match = re.search(rf"{agent} exposes (\d+) of (\d+)", notes, re.IGNORECASE)
    return not match or int(match.group(1)) >= int(match.group(2)) >= elements


def read_baselines(readme: Path = SHARED_BENCH / "README.md") -> Baselines | None:
    if not readme.is_file():
        return None
    text = readme.read_text(encoding="utf-8")
    pages: dict[str, Baseline] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or not cells[1].isdigit() or not cells[2].isdigit():
            continue
        name = cells[0].split(" ")[0]
        count = re.match(r"\d+", cells[3])
        elements = int(count.group()) if count else 0
        notes = " ".join(cells[3:])
        pages[name] = Baseline(
            page=name,
            skyvern_tokens=int(cells[1]),
            browser_use_tokens=int(cells[2]),
            elements=elements,
            browser_use_covers_all=_covers("browser-use", notes, elements),
            skyvern_covers_all=_covers("Skyvern", notes, elements),
        )
    times = re.search(r"Skyvern (\d+) ms, browser-use (\d+) ms", text)
    reads = re.search(
        r"including waiting for the page to settle.*?Skyvern\s+(\d+) ms, browser-use\s+(\d+) ms",
        text,
        re.DOTALL,
    )
    miniwob = [name for name in pages if "-" in name]
    return Baselines(
        pages=pages,
        skyvern_ms=float(times.group(1)) if times else None,
        browser_use_ms=float(times.group(2)) if times else None,
        miniwob_pages=miniwob,
        skyvern_read_ms=float(reads.group(1)) if reads else None,
        browser_use_read_ms=float(reads.group(2)) if reads else None,
    )
