"""The model path end to end: a real server on loopback (in process, so the scripted
model can be plugged in), real Chromium on the demo page, and a verified webhook."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from stratus.bootstrap import build_container
from stratus.config import Settings
from stratus.server import EmbeddedServer
from tests.e2e.conftest import free_port
from tests.fakes.llm import ScriptedLLM, act

pytestmark = pytest.mark.e2e

TERMINAL = {"completed", "failed", "terminated", "timed_out", "canceled"}


def fill_form(view):
    return act(
        {
            "action_type": "input_text",
            "element_id": view.find("Full name"),
            "text": "Chris P. Bacon",
        },
        {"action_type": "input_text", "element_id": view.find("Email"), "text": "chris@pbacon.com"},
        {"action_type": "select_option", "element_id": view.find("Country"), "option": "Canada"},
        {"action_type": "checkbox", "element_id": view.find("I agree"), "checked": True},
        {"action_type": "click", "element_id": view.find("Submit application")},
    )


def confirm(view):
    assert view.shows("Application received")
    return act(status="complete")


def extract(view):
    received = "Application received" in view.prompt
    email = "chris@pbacon.com" if "chris@pbacon.com" in view.prompt else None
    return {"output": {"received": received, "email": email}}


async def test_scripted_model_run_over_http_with_verified_webhook(tmp_path, demo_site):
    llm = ScriptedLLM([fill_form, confirm], extract=extract)
    settings = Settings(data_dir=tmp_path, port=free_port(), model="scripted/test-model")
    container = build_container(settings, llm=llm)
    _, key = container.keys.create_key("e2e")
    demo_site.api_key = key
    server = EmbeddedServer(container)
    serving = asyncio.create_task(server.serve())
    try:
        while not server.started:
            await asyncio.sleep(0.05)
        base = f"http://127.0.0.1:{server.port}"
        async with httpx.AsyncClient(base_url=base, headers={"x-api-key": key}) as client:
            created = await client.post(
                "/api/v1/tasks",
                json={
                    "url": demo_site.base_url + "/apply",
                    "navigation_goal": "Apply for the job",
                    "data_extraction_goal": "Was the application received, and for which email?",
                    "navigation_payload": {"name": "Chris P. Bacon", "email": "chris@pbacon.com"},
                    "extracted_information_schema": {
                        "type": "object",
                        "properties": {
                            "received": {"type": "boolean"},
                            "email": {"type": ["string", "null"]},
                        },
                        "required": ["received"],
                    },
                    "webhook_callback_url": demo_site.base_url + "/webhook",
                },
            )
            assert created.status_code == 200, created.text
            task_id = created.json()["task_id"]
            for _ in range(300):
                task = (await client.get(f"/api/v1/tasks/{task_id}")).json()
                if task["status"] in TERMINAL:
                    break
                await asyncio.sleep(0.2)
            assert task["status"] == "completed", task.get("failure_reason")
            assert task["extracted_information"] == {"received": True, "email": "chris@pbacon.com"}
            steps = (await client.get(f"/api/v1/tasks/{task_id}/steps")).json()
            assert steps[0]["input_token_count"] > 0
            assert any(a["action_type"] == "input_text" for a in steps[0]["actions"])
        assert await asyncio.to_thread(demo_site.received.wait, 30)
        hook = demo_site.webhooks[0]
        assert hook["verified"]
        body = json.loads(hook["body"])
        assert body["task_id"] == task_id and body["status"] == "completed"
        assert llm.purposes.count("extract") >= 1
    finally:
        server.stop()
        await serving
