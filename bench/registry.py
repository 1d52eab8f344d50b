"""Sections of the benchmark. A section is an async function returning a SectionResult.

Add one by decorating it with ``@section("name")`` in a module under ``bench/sections/``
and importing that module from ``bench/sections/__init__.py``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class BenchOptions:
    repeat: int = 5
    viewport: tuple[int, int] = (1920, 1080)
    cache_dir: Path = REPO_ROOT / ".stratus" / "bench"
    only_pages: list[str] = field(default_factory=list)
    show: bool = False  # print what the model would read, per page


@dataclass
class SectionResult:
    title: str
    columns: list[str]
    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)


SectionFn = Callable[[BenchOptions], Awaitable[SectionResult]]
SECTIONS: dict[str, SectionFn] = {}


def section(name: str) -> Callable[[SectionFn], SectionFn]:
    def register(fn: SectionFn) -> SectionFn:
        if name in SECTIONS:
            raise ValueError(f"bench section {name!r} registered twice")
        SECTIONS[name] = fn
        return fn

    return register
