"""`stratus mcp` driven by the `mcp` package's own client, in front of a real `stratus serve`
(built-in planner, real Chromium, the demo site): tools listed, a task run with progress
notifications per step, its output read back, a screenshot fetched as an image; a refused
key is a clear tool error. Over stdio, and over streamable HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import anyio
import httpx
import pytest

from tests.e2e.conftest import CORE, free_port, wait_for

pytest.importorskip("mcp.server.mcpserver", reason="the mcp package (pyproject's dev extra)")

from mcp import Client
from mcp.client.stdio import StdioServerParameters

pytestmark = pytest.mark.e2e

PROMPT = (
    "Apply for the job. Name: Chris P. Bacon, Email: chris@pbacon.com, agree to the privacy policy"
)
TOOLS = {"run_task", "get_run", "list_runs", "cancel_run", "get_screenshot"}


def mcp_env(base_url: str, api_key: str) -> dict[str, str]:
    path = os.pathsep.join(p for p in (CORE, os.environ.get("PYTHONPATH")) if p)
    return {
        "PYTHONPATH": path,
        "STRATUS_BASE_URL": base_url,
        "STRATUS_API_KEY": api_key,
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    }


def stdio_server(base_url: str, api_key: str) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "stratus.cli", "mcp"],
        env=mcp_env(base_url, api_key),
    )


def structured(result) -> dict:
    assert not result.is_error, result.content
    return result.structured_content or json.loads(result.content[0].text)


async def test_run_a_task_with_progress_and_read_its_output(server_factory, demo_site) -> None:
    server = server_factory()
    server.start()
    key = server.create_key()
    progress: list[tuple[float, float | None, str | None]] = []

    async def on_progress(value: float, total: float | None, message: str | None) -> None:
        progress.append((value, total, message))

    async with Client(stdio_server(server.base_url, key), read_timeout_seconds=180) as client:
        listed = await client.list_tools()
        assert {tool.name for tool in listed.tools} == TOOLS
        result = await client.call_tool(
            "run_task",
            {"prompt": PROMPT, "url": demo_site.base_url + "/apply", "engine": "skyvern-1.0"},
            progress_callback=on_progress,
        )
        run = structured(result)
        assert run["status"] == "completed", run.get("failure_reason")
        assert run["output"]
        # one notification per finished step, in order, naming what the step did
        assert progress and [p[0] for p in progress] == list(range(1, len(progress) + 1))
        assert progress[0][2].startswith("step 1 completed")
        assert len(progress) == run["step_count"]

        got = structured(await client.call_tool("get_run", {"run_id": run["run_id"]}))
        assert got["output"] == run["output"] and got["status"] == "completed"
        listed_runs = structured(await client.call_tool("list_runs", {}))["runs"]
        assert [r["run_id"] for r in listed_runs] == [run["run_id"]]

        shot = await client.call_tool("get_screenshot", {"run_id": run["run_id"]})
        assert not shot.is_error, shot.content
        (image,) = shot.content
        assert image.type == "image" and image.mime_type == "image/png"

        started = structured(
            await client.call_tool(
                "run_task",
                {
                    "prompt": PROMPT,
                    "url": demo_site.base_url + "/apply?delay=5",
                    "engine": "skyvern-1.0",
                    "wait": False,
                },
            )
        )
        assert started["status"] in ("queued", "running")
        asked = structured(await client.call_tool("cancel_run", {"run_id": started["run_id"]}))
        assert asked["run_id"] == started["run_id"]
        # a running step ends first; the run is canceled then
        for _ in range(120):
            got = structured(await client.call_tool("get_run", {"run_id": started["run_id"]}))
            if got["status"] == "canceled":
                break
            await anyio.sleep(0.5)
        assert got["status"] == "canceled"


async def test_a_refused_key_is_a_clear_tool_error(server_factory) -> None:
    server = server_factory()
    server.start()
    async with Client(stdio_server(server.base_url, "sk-not-a-key")) as client:
        result = await client.call_tool("list_runs", {})
    assert result.is_error
    text = result.content[0].text
    assert "refused the API key" in text and "STRATUS_API_KEY" in text


async def test_streamable_http_on_loopback(server_factory, tmp_path) -> None:
    server = server_factory()
    server.start()
    key = server.create_key()
    port = free_port()
    log = (tmp_path / "mcp.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "stratus.cli", "mcp", "--transport", "http", "--port", str(port)],
        env={**os.environ, **mcp_env(server.base_url, key)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/mcp"

        def listening() -> bool:
            try:
                httpx.get(url, timeout=1)
            except httpx.HTTPError:
                return False
            return True

        wait_for(listening, timeout=30)
        async with Client(url) as client:
            assert {tool.name for tool in (await client.list_tools()).tools} == TOOLS
            assert structured(await client.call_tool("list_runs", {}))["runs"] == []
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()
