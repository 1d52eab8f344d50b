"""Memory: what the shared Chromium costs as runs open their own browser contexts.

Proportional set size (PSS from /proc/<pid>/smaps_rollup: shared pages split between the
processes sharing them), summed over this process's Chromium descendants, with 1, 2 and 4
run contexts open on the job fixture page.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from bench.registry import BenchOptions, SectionResult, section
from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.config import Settings
from tests.fixtures.server import FixtureServer
from tests.support.browser_fixtures import make_run

COLUMNS = ["contexts", "chromium_pss_mb", "per_context_mb"]


def _children(pid: int) -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def chromium_pss_mb(root: int | None = None) -> float:
    tree = _children(root or os.getpid())
    stack, total_kb = [root or os.getpid()], 0
    while stack:
        pid = stack.pop()
        stack.extend(tree.get(pid, []))
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        if b"chrom" not in cmdline:
            continue
        pss = next((line for line in rollup.splitlines() if line.startswith("Pss:")), None)
        total_kb += int(pss.split()[1]) if pss else 0
    return round(total_kb / 1024, 1)


@section("memory")
async def memory_section(options: BenchOptions) -> SectionResult:
    provider = PlaywrightBrowserProvider(Settings(headless=True))
    rows: list[dict[str, Any]] = []
    try:
        with FixtureServer() as server:
            opened = 0
            for target in (1, 2, 4):
                while opened < target:
                    session = await provider.session_for(make_run(f"mem-{opened}"))
                    await session.page.goto(server.url("/job/"))
                    opened += 1
                rows.append({"contexts": target, "chromium_pss_mb": chromium_pss_mb()})
    finally:
        await provider.close()
    base = rows[0]["chromium_pss_mb"]
    for row in rows:
        extra = row["contexts"] - 1
        row["per_context_mb"] = round((row["chromium_pss_mb"] - base) / extra, 1) if extra else "-"
    return SectionResult(
        title="Memory of the shared Chromium by open run contexts (job fixture page)",
        columns=COLUMNS,
        rows=rows,
        notes=["PSS summed over the Chromium processes this benchmark started"],
    )
