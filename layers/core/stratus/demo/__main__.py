"""Run the demo: serve Stratus on loopback, post a task over HTTP, watch it, verify the webhook."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
import tempfile
from pathlib import Path

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
        return sock.getsockname()[1]


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
            received = await asyncio.to_thread(site.received.wait, 30)
            if received:
                verified = site.webhooks[0]["verified"]
                print(f"webhook received, signature {'verified' if verified else 'INVALID'}")
            else:
                print("webhook not received within 30 s")
    print(f"run page: {run['app_url']}")
    if sys.stdin.isatty():  # keep the viewer up for a look at the run
        await asyncio.to_thread(input, "Stratus keeps serving the run page; press Enter to stop. ")
    server.stop()
    await serving
    ok = run["status"] == "completed" and received and site.webhooks[0]["verified"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
