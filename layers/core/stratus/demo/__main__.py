"""Run the demo: serve Stratus on loopback, post a task over HTTP, watch it, verify the webhook."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

import httpx

from ..bootstrap import build_container
from ..config import Settings
from ..progress import describe_action
from ..server import EmbeddedServer
from .site_server import DemoSite

PROMPT = (
    "Apply for the Platform Engineer job. Name: Chris P. Bacon, Email: chris@pbacon.com, "
    "Phone: +1 555 0100, Country: Canada, Authorised to work: Yes, agree to the privacy policy."
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def has_video(recording_url: str | None) -> bool:
    if not recording_url:
        return False
    async with httpx.AsyncClient(timeout=10) as web:
        playlist = await web.get(recording_url)
    return playlist.status_code == 200 and bool(playlist.json().get("videos"))


async def check_links(run: dict[str, Any]) -> bool:
    """Open the run's app_url (the viewer's page) and recording_url (the playlist, then each
    video in it), as a person following the printed links would; say what each gave."""
    ok = True
    async with httpx.AsyncClient(timeout=10) as web:
        page = await web.get(run["app_url"])
        opened = page.status_code == 200 and "text/html" in page.headers.get("content-type", "")
        print(f"app_url opens: {'yes' if opened else f'no (HTTP {page.status_code})'}")
        ok = ok and opened
        if not run.get("recording_url"):
            print("recording_url: none (video recording is off: see the README's Recordings)")
            return False
        playlist = await web.get(run["recording_url"])
        videos = playlist.json().get("videos", []) if playlist.status_code == 200 else []
        sizes: list[int] = []
        for video in videos:
            got = await web.get(video["url"])
            if got.status_code != 200 or got.content[:4] != b"\x1a\x45\xdf\xa3":
                sizes = []
                break
            sizes.append(len(got.content))
        opened = bool(sizes)
        detail = f"{len(sizes)} WebM video(s), {sum(sizes)} bytes" if opened else "no video"
        print(f"recording_url opens: {'yes' if opened else 'no'} ({detail})")
    return ok and opened


async def main() -> int:
    data_dir = Path(os.environ.get("STRATUS_DATA_DIR") or tempfile.mkdtemp(prefix="stratus-demo-"))
    settings = Settings(data_dir=data_dir, port=free_port())
    container = build_container(settings)
    _, api_key = container.keys.create_key("demo")
    model = settings.model or "the built-in planner (no model configured)"
    print(f"Stratus demo · data in {data_dir} · model: {model}")
    server = EmbeddedServer(container)
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    base = f"http://127.0.0.1:{server.port}"
    with DemoSite(api_key) as site:
        async with httpx.AsyncClient(base_url=base, headers={"x-api-key": api_key}) as client:
            body = {
                "prompt": PROMPT,
                "url": site.base_url + "/apply",
                "engine": "skyvern-1.0",
                "webhook_url": site.base_url + "/webhook",
                "max_steps": 6,
            }
            created = (await client.post("/v1/run/tasks", json=body)).json()
            run_id = created["run_id"]
            print(f"POST /v1/run/tasks -> {run_id} ({created['status']})")
            print(f"watch it: {created['app_url']} (sign in with the key {api_key})")
            shown: set[str] = set()
            while True:
                run = (await client.get(f"/v1/runs/{run_id}")).json()
                steps = (await client.get(f"/api/v1/tasks/{run_id}/steps")).json()
                for step in steps:
                    if step["status"] == "running" or step["step_id"] in shown:
                        continue
                    shown.add(step["step_id"])
                    print(f"  step {step['order'] + 1} [{step['status']}]")
                    for action in step.get("actions", []):
                        print(f"    - {describe_action(action)}")
                if run["status"] in ("completed", "failed", "terminated", "timed_out", "canceled"):
                    break
                await asyncio.sleep(0.5)
            print(f"status: {run['status']}")
            if run.get("failure_reason"):
                print(f"reason: {run['failure_reason']}")
            print("output:", json.dumps(run.get("output"), indent=2, ensure_ascii=False))
            print(f"screenshots: {len(run.get('screenshot_urls') or [])}")
            # the video is stored when the run's browser context closes, at its end
            for _ in range(60):
                if not settings.video_on or await has_video(run.get("recording_url")):
                    break
                await asyncio.sleep(0.5)
                run = (await client.get(f"/v1/runs/{run_id}")).json()
            links_open = await check_links(run)
            received = await asyncio.to_thread(site.received.wait, 30)
            if received:
                verified = site.webhooks[0]["verified"]
                print(f"webhook received, signature {'verified' if verified else 'INVALID'}")
            else:
                print("webhook not received within 30 s")
    print(f"run page: {run['app_url']}")
    print(f"recording: {run.get('recording_url')}")
    if sys.stdin.isatty():  # keep the viewer up for a look at the run
        await asyncio.to_thread(input, "Stratus keeps serving the run page; press Enter to stop. ")
    server.stop()
    await serving
    ok = run["status"] == "completed" and received and site.webhooks[0]["verified"]
    ok = ok and links_open
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
