"""Snapshot section: time, tokens and coverage of take_snapshot + render_snapshot per page."""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass
from typing import Any

from bench.baselines import SHARED_BENCH, Baselines, read_baselines
from bench.miniwob import START_EPISODE, miniwob_html
from bench.registry import BenchOptions, SectionResult, section
from bench.tokens import count_tokens
from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.agent.page_settle import wait_for_settle
from stratus.agent.snapshot import frame_path, split_element_id, take_snapshot
from stratus.agent.snapshot_render import OFFSCREEN_LINE_CHARS, render_snapshot
from stratus.config import Settings
from stratus.domain.models import Run, TaskSpec
from tests.fixtures.server import FixtureServer

CONTROLS = "a[href], button, input:not([type=hidden]), select, textarea"

# visible controls, and how many of them carry an id of the snapshot just taken
_COVERAGE = """(els, ids) => {
  const wanted = new Set(ids);
  const shown = els.filter((e) => e.checkVisibility() ||
    (e.labels && Array.from(e.labels).some((l) => l.checkVisibility())));
  return [shown.length, shown.filter((e) => wanted.has(Number(e.dataset.sid))).length];
}"""

FIXTURE_PAGES = [
    "job/",
    "job/step2.html",
    "login2fa/",
    "table/",
    "widgets/",
    "cookie/",
    "download/",
    "newtab/",
    "error/",
]
# fixture elements only script listeners make clickable (no tag, role or href says so)
FIXTURE_SCRIPT_CLICKS = {"widgets/": 4}

COLUMNS = [
    "group",
    "page",
    "found",
    "present",
    "controls",
    "ms",
    "tokens",
    "unclipped",
    "skyvern",
    "browser-use",
    "target",
    "ok",
]


@dataclass(frozen=True)
class Measured:
    ms: float
    tokens: int  # the rendering a model reads (off-screen lines shortened)
    unclipped: int  # the same with every off-screen line whole
    found: int
    ids: set[str]


@dataclass
class BenchPage:
    group: str
    name: str
    url: str
    present: int | None = None  # known element count, when the source gives one
    script_clicks: int = 0
    start_script: str | None = None


def _run() -> Run:
    return Run(
        run_id="bench",
        organization_id="bench",
        api_family="v1",
        run_type="task_v1",
        engine="skyvern-1.0",
        spec=TaskSpec(goal="bench"),
    )


async def _coverage(page: Any, snapshot_ids: set[str]) -> tuple[int, int]:
    numbers: dict[str, list[int]] = {}
    for element_id in snapshot_ids:
        parsed = split_element_id(element_id)
        if parsed:
            numbers.setdefault(parsed[0], []).append(parsed[1])
    shown = covered = 0
    for frame in page.frames:
        path = await frame_path(frame)
        if path is None:
            continue
        counts = await frame.locator(CONTROLS).evaluate_all(_COVERAGE, numbers.get(path, []))
        shown += counts[0]
        covered += counts[1]
    return shown, covered


async def _measure(page: Any, repeat: int, show: bool) -> Measured:
    timings = []
    rendered = ""
    snapshot = None
    for _ in range(repeat):
        start = time.perf_counter()
        snapshot = await take_snapshot(page)
        rendered = render_snapshot(snapshot)
        timings.append((time.perf_counter() - start) * 1000)
    assert snapshot is not None
    if show:
        print(f"--- {snapshot.url}\n{rendered}\n", flush=True)
    return Measured(
        ms=statistics.median(timings),
        tokens=count_tokens(rendered),
        unclipped=count_tokens(render_snapshot(snapshot, offscreen_line_chars=None)),
        found=len(snapshot.elements),
        ids={e.id for e in snapshot.elements},
    )


def median_ratio(rows: list[dict[str, Any]], column: str = "tokens") -> float | None:
    """The median over pages with a Skyvern figure of our tokens / Skyvern's."""
    ratios = [row[column] / row["skyvern"] for row in rows if row.get("skyvern")]
    return statistics.median(ratios) if ratios else None


def _row(
    bench_page: BenchPage,
    baselines: Baselines | None,
    measured: Measured,
    controls: tuple[int, int],
) -> dict[str, Any]:
    ms, tokens, found = measured.ms, measured.tokens, measured.found
    shown, covered = controls
    baseline = baselines.pages.get(bench_page.name) if baselines else None
    present = bench_page.present
    if present is None:
        present = shown + bench_page.script_clicks
    target = None
    if baseline and baseline.cheapest_covering():
        target = baseline.cheapest_covering() // 2
    time_target = baselines.browser_use_ms / 2 if baselines and baselines.browser_use_ms else None
    ok = found >= present and covered == shown
    if target is not None:
        ok = ok and tokens <= target
    if time_target is not None:
        ok = ok and ms <= time_target
    return {
        "group": bench_page.group,
        "page": bench_page.name,
        "found": found,
        "present": present,
        "controls": f"{covered}/{shown}",
        "ms": round(ms, 1),
        "tokens": tokens,
        "unclipped": measured.unclipped,
        "skyvern": baseline.skyvern_tokens if baseline else None,
        "browser-use": baseline.browser_use_tokens if baseline else None,
        "target": target,
        "ok": "yes" if ok else "NO",
    }


def _shared_pages(server: FixtureServer, baselines: Baselines | None) -> list[BenchPage]:
    pages = []
    for html in sorted((SHARED_BENCH / "pages").glob("*.html")):
        known = baselines.pages.get(html.stem) if baselines else None
        pages.append(
            BenchPage("shared", html.stem, server.url(html.name), known.elements if known else None)
        )
    return pages


def _miniwob_pages(server: FixtureServer, baselines: Baselines) -> list[BenchPage]:
    pages = []
    for name in baselines.miniwob_pages:
        if (server.root / "miniwob" / f"{name}.html").is_file():
            pages.append(
                BenchPage(
                    "miniwob",
                    name,
                    server.url(f"miniwob/{name}.html"),
                    baselines.pages[name].elements,
                    start_script=START_EPISODE,
                )
            )
    return pages


@section("snapshot")
async def snapshot_section(options: BenchOptions) -> SectionResult:
    notes: list[str] = []
    baselines = read_baselines()
    servers: list[FixtureServer] = []
    pages: list[BenchPage] = []
    if baselines is not None and (SHARED_BENCH / "pages").is_dir():
        shared = FixtureServer(SHARED_BENCH / "pages").start()
        servers.append(shared)
        pages += _shared_pages(shared, baselines)
        html, where = miniwob_html(options.cache_dir)
        notes.append(where)
        if html is not None:
            mini = FixtureServer(html).start()
            servers.append(mini)
            pages += _miniwob_pages(mini, baselines)
    else:
        notes.append("no shared bench pages next to the repository: baselines skipped")
    fixtures = FixtureServer().start()
    servers.append(fixtures)
    pages += [
        BenchPage("fixture", p, fixtures.url(p), script_clicks=FIXTURE_SCRIPT_CLICKS.get(p, 0))
        for p in FIXTURE_PAGES
    ]
    if options.only_pages:
        pages = [p for p in pages if p.name in options.only_pages]

    width, height = options.viewport
    settings = Settings(viewport_width=width, viewport_height=height, headless=True)
    provider = PlaywrightBrowserProvider(settings)
    rows = []
    try:
        session = await provider.session_for(_run())
        page = session.page
        for bench_page in pages:
            await page.goto(bench_page.url)
            await wait_for_settle(page)
            if bench_page.start_script:
                await page.evaluate(f"() => {{ {bench_page.start_script} }}")
                await wait_for_settle(page, timeout_ms=500)
            measured = await _measure(page, options.repeat, options.show)
            controls = await _coverage(page, measured.ids)
            rows.append(_row(bench_page, baselines, measured, controls))
    finally:
        await provider.close()
        for server in servers:
            server.stop()
    load = os.getloadavg()[0]
    notes.append(f"1-minute load average after the run: {load:.1f} on {os.cpu_count()} cores")
    ratio, unclipped_ratio = median_ratio(rows), median_ratio(rows, "unclipped")
    if ratio is not None and unclipped_ratio is not None:
        notes.append(
            f"median tokens / Skyvern's: {ratio:.2f}x (every off-screen line whole: "
            f"{unclipped_ratio:.2f}x)"
        )
    if baselines:
        notes.append(
            f"baseline time: Skyvern {baselines.skyvern_ms:.0f} ms, browser-use "
            f"{baselines.browser_use_ms:.0f} ms; target {baselines.browser_use_ms / 2:.1f} ms"
        )
    notes.append(
        "found = snapshot elements; present = known count (README) or visible controls + "
        "script-only clickables; controls = visible standard controls carrying a snapshot id; "
        "unclipped = tokens with every off-screen line whole (tokens shortens them to "
        f"{OFFSCREEN_LINE_CHARS} characters of whole words); "
        "target = half the tokens of the cheapest agent covering every element; "
        f"viewport {width}x{height}, ms = median of {options.repeat} take_snapshot+render"
    )
    return SectionResult("page snapshot", COLUMNS, rows, notes)
