"""The run page's Recording section in real Chromium against a real `stratus serve`: a run on
the demo site is recorded (a real WebM video, encoded by the ffmpeg linked for Playwright,
and a Playwright trace per step), and its page plays the video and links each trace."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import wait_for
from tests.e2e.test_run_viewer import PROMPT, browser, sign_in, watched_page

pytestmark = pytest.mark.e2e
__all__ = ["browser"]  # the fixture, shared with the viewer's other tests

EBML = b"\x1a\x45\xdf\xa3"


def test_the_run_page_plays_the_recording_and_links_each_steps_trace(
    server_factory, demo_site, browser
):
    server = server_factory()
    server.start()
    key = server.create_key()
    demo_site.api_key = key
    api = httpx.Client(base_url=server.base_url, headers={"x-api-key": key}, timeout=10)
    body = {"prompt": PROMPT, "url": demo_site.base_url + "/apply", "max_steps": 6}
    run_id = api.post("/v1/run/tasks", json=body).json()["run_id"]

    def finished() -> dict | None:
        run = api.get(f"/v1/runs/{run_id}").json()
        if run["status"] != "completed":
            return None
        recording = api.get(f"/v1/viewer/runs/{run_id}/recording").json()
        return recording if recording["videos"] else None  # stored when the context closes

    recording = wait_for(finished, timeout=120)
    run = api.get(f"/v1/runs/{run_id}").json()
    steps = api.get(f"/api/v1/tasks/{run_id}/steps").json()
    assert run["recording_url"] and run["app_url"]
    assert [t["step"] for t in recording["traces"]] == list(range(1, len(steps) + 1))

    problems: list[str] = []
    page = watched_page(browser, problems)
    sign_in(page, server.base_url, key)
    page.goto(run["app_url"])
    expect(page.locator("#run-status")).to_contain_text("completed")

    section = page.get_by_role("region", name="Recording")
    expect(section).to_be_visible()
    section.scroll_into_view_if_needed()

    # the video: the first part of the playlist, which Chromium loads and can play
    player = section.locator("video#recording-video")
    expect(player).to_be_visible()
    src = player.get_attribute("src") or ""
    assert f"/{run_id}/recording/video-001.webm?" in src and "signature=" in src
    loaded = "v => v.readyState >= 1 && v.duration > 0 && v.videoWidth > 0 && !v.error"
    wait_for(lambda: player.evaluate(loaded), timeout=15)
    video = page.request.get(src)
    assert video.ok and video.headers["content-type"].startswith("video/webm")
    assert video.body()[:4] == EBML
    if len(recording["videos"]) > 1:
        expect(section).to_contain_text(f"{len(recording['videos'])} parts, played in order.")

    # a trace per step, each a downloadable Playwright trace (a zip)
    links = section.locator("#recording-traces li a")
    expect(links).to_have_count(len(steps))
    for number in range(1, len(steps) + 1):
        link = section.get_by_role("link", name=f"Trace of step {number}", exact=True)
        expect(link).to_be_visible()
        href = link.get_attribute("href") or ""
        assert f"/{run_id}/recording/trace-{number:03d}.zip?" in href
        trace = page.request.get(href)
        assert trace.ok and trace.body()[:2] == b"PK"

    # the API's recording_url is the same playlist, and opens without a key
    playlist = httpx.get(run["recording_url"], timeout=10)
    assert playlist.status_code == 200
    assert [v["key"] for v in playlist.json()["videos"]] == [v["key"] for v in recording["videos"]]

    assert problems == []
