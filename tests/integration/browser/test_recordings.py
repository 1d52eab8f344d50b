"""Recordings in a real Chromium: a video per context lifetime joined as a playlist in
order, a Playwright trace per step, the run's recording_key, and the size cap. Videos are
really encoded: by Debian's ffmpeg, which ``make setup`` links where Playwright looks for
its own build."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile

import pytest

from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.adapters.run_recorder import RunRecorder, playwright_ffmpeg_present
from stratus.config import Settings
from stratus.contract.links import recording_url
from stratus.services.recordings import RecordingService, playlist_key
from tests.fakes.memory_store import InMemoryRunStore
from tests.fakes.runtime import FixedClock
from tests.integration.browser.test_provider import DictArtifactStore
from tests.support.browser_fixtures import make_run

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _ffmpeg_linked() -> None:
    assert playwright_ffmpeg_present(), "no ffmpeg for Playwright: run `make setup`"


def recorded_provider(tmp_path, *, cap: int = 50_000_000, **settings):
    artifacts = DictArtifactStore()
    store = InMemoryRunStore()
    service = RecordingService(artifacts, store, FixedClock(), max_bytes_per_run=cap)
    recorder = RunRecorder(service, video=True, trace=True, work_dir=tmp_path / "video")
    provider = PlaywrightBrowserProvider(
        Settings(headless=True, **settings), state_store=artifacts, recorder=recorder
    )
    return provider, artifacts, store


def playlist(artifacts, run) -> dict:
    data, content_type = artifacts.get(playlist_key(run.organization_id, run.run_id))
    assert content_type == "application/json"
    return json.loads(data)


def probe(data: bytes, tmp_path) -> dict:
    """What ffprobe (Debian's, beside the ffmpeg Playwright used) reads in a video."""
    path = tmp_path / "probe.webm"
    path.write_bytes(data)
    out = subprocess.run(
        [
            shutil.which("ffprobe") or "ffprobe",
            *("-v", "error", "-count_frames", "-of", "json", "-show_entries"),
            "stream=codec_name,nb_read_frames:format_tags=creation_time",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


async def step(provider, run, url: str) -> None:
    session = await provider.session_for(run)
    await session.page.goto(url)
    await session.page.locator("body").click()
    await provider.release(run.run_id, final=False)


async def test_each_context_lifetime_is_a_video_in_order_and_each_step_a_trace(
    tmp_path, fixture_server
) -> None:
    provider, artifacts, store = recorded_provider(tmp_path)
    run = make_run("run-rec")
    store.create_run(run)
    try:
        await step(provider, run, fixture_server.url("/cookie/"))
        await step(
            provider,
            run.model_copy(update={"step_count": 1}),
            fixture_server.url("/cookie/about.html"),
        )
        await provider._drop(run.run_id)  # the context closes between steps (another process)
        await step(
            provider, run.model_copy(update={"step_count": 2}), fixture_server.url("/cookie/")
        )
        await provider.release(run.run_id, final=True)
    finally:
        await provider.close()

    recorded = playlist(artifacts, run)
    assert recorded["format"] == "stratus-recording/1"
    videos, traces = recorded["videos"], recorded["traces"]
    # two context lifetimes (steps 1-2, then step 3 in a new context), stored in order
    assert [v["key"].rsplit("/", 1)[1] for v in videos] == ["video-001.webm", "video-002.webm"]
    started = []
    for video in videos:
        data, content_type = artifacts.get(video["key"])
        assert content_type == "video/webm"
        assert data[:4] == b"\x1a\x45\xdf\xa3"  # EBML: a WebM file
        assert b"webm" in data[:64]  # the EBML header's DocType
        assert video["bytes"] == len(data) > 1000
        probed = probe(data, tmp_path)
        (stream,) = probed["streams"]
        assert stream["codec_name"] in ("vp8", "vp9") and int(stream["nb_read_frames"]) > 0
        started.append(probed["format"]["tags"]["creation_time"])
    assert started == sorted(started) and len(set(started)) == 2  # recorded in that order
    assert [t["step"] for t in traces] == [1, 2, 3]
    data, content_type = artifacts.get(traces[0]["key"])
    assert content_type == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(name.endswith(".trace") for name in names)
    assert any(name.endswith(".network") for name in names)
    assert recorded["bytes"] == sum(v["bytes"] for v in videos) + sum(t["bytes"] for t in traces)

    stored = store.get_run(run.run_id)
    assert stored.recording_key == playlist_key(run.organization_id, run.run_id)
    assert recording_url(stored, artifacts.url_for) == f"memory://{stored.recording_key}"


async def test_files_over_the_cap_are_skipped_and_noted(tmp_path, fixture_server) -> None:
    provider, artifacts, store = recorded_provider(tmp_path, cap=1)
    run = make_run("run-capped")
    store.create_run(run)
    try:
        await step(provider, run, fixture_server.url("/cookie/"))
        await provider.release(run.run_id, final=True)
    finally:
        await provider.close()
    recorded = playlist(artifacts, run)
    assert recorded["videos"] == [] and recorded["traces"] == [] and recorded["bytes"] == 0
    assert {s["kind"] for s in recorded["skipped"]} == {"video", "trace"}
    assert not [k for k in artifacts.items if k.endswith((".webm", ".zip"))]


async def test_a_run_without_recording_stores_nothing(fixture_server) -> None:
    artifacts = DictArtifactStore()
    provider = PlaywrightBrowserProvider(Settings(headless=True), state_store=artifacts)
    run = make_run("run-plain")
    try:
        await step(provider, run, fixture_server.url("/cookie/"))
        await provider.release(run.run_id, final=True)
    finally:
        await provider.close()
    assert not [k for k in artifacts.items if "/recording/" in k]
