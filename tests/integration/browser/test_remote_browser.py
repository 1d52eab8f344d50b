"""A remote browser per run keeps the live page across step containers.

A real Chromium stands in for the AgentCore browser: the fake AgentCore client reports a
local relay in front of Chromium's DevTools socket as the session's automation stream, and the
relay records each WebSocket upgrade request so the signed headers can be checked. Two
provider instances play two Lambda containers running consecutive steps of one run.
"""

import asyncio
import contextlib
import re
import subprocess
import threading
import time
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from botocore.credentials import ReadOnlyCredentials

from stratus.adapters.aws.agentcore_browser import AgentCoreBrowserEndpoints
from stratus.adapters.browser_state import state_key
from stratus.adapters.playwright_browser import CHROMIUM_ARGS, PlaywrightBrowserProvider
from stratus.config import Settings
from tests.fakes.agentcore import FakeAgentCoreClient
from tests.fakes.artifact_store import MemoryArtifactStore
from tests.support.browser_fixtures import make_run

pytestmark = pytest.mark.integration

CHROMIUM_FLAGS = [
    "--headless",
    *CHROMIUM_ARGS,
    "--remote-debugging-port=0",
    "--remote-debugging-address=127.0.0.1",
]
APP_PAGE = b"""<!doctype html>
<html><head><title>Checkout</title></head>
<body>
<label for="name">Name</label> <input id="name">
<script>window.app = {loadedAt: Math.random(), step: 0};</script>
</body></html>"""


class AppHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(APP_PAGE)))
        self.end_headers()
        self.wfile.write(APP_PAGE)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def app_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), AppHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/checkout"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[str]:
    """A Chromium of the test's own, standing in for the remote browser; its DevTools URL."""
    log_path = tmp_path / "chromium.log"
    settings = Settings()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                settings.chromium_path,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={tmp_path / 'profile'}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    try:
        deadline = time.monotonic() + 30
        found = None
        while found is None and time.monotonic() < deadline and process.poll() is None:
            found = re.search(r"DevTools listening on (ws://\S+)", log_path.read_text())
            if found is None:
                time.sleep(0.1)
        if found is None:
            pytest.fail(f"Chromium did not start: {log_path.read_text()[-2000:]}")
        yield found.group(1)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class Relay:
    """A TCP relay to Chromium's DevTools port that keeps each connection's request head."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.requests: list[str] = []
        self.port = 0
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(
            "127.0.0.1", self.target_port
        )
        head = await reader.readuntil(b"\r\n\r\n")
        self.requests.append(head.decode("latin-1"))
        upstream_writer.write(head)
        await asyncio.gather(
            _pipe(reader, upstream_writer), _pipe(upstream_reader, writer), return_exceptions=True
        )

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 5)


async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    try:
        while chunk := await source.read(65536):
            sink.write(chunk)
            await sink.drain()
    finally:
        with contextlib.suppress(Exception):
            sink.close()


@pytest.fixture
async def relay(chromium: str) -> AsyncIterator[tuple[Relay, str]]:
    """The relay and the path of Chromium's browser socket."""
    found = re.match(r"ws://127\.0\.0\.1:(\d+)(/.*)", chromium)
    assert found, chromium
    opened = Relay(int(found.group(1)))
    await opened.start()
    yield opened, found.group(2)
    await opened.close()


def container(client: FakeAgentCoreClient, store: MemoryArtifactStore):
    """One step container: its own provider and adapter; the service and bucket are shared."""
    endpoints = AgentCoreBrowserEndpoints(
        client,
        store,
        region="us-west-2",
        credentials=lambda: ReadOnlyCredentials("AKIDEXAMPLE", "secret", "session-token"),
    )
    return PlaywrightBrowserProvider(
        Settings(headless=True), state_store=store, remote_browsers=endpoints
    )


async def test_the_next_step_container_finds_the_live_page(relay, app_url) -> None:
    forward, socket_path = relay
    client = FakeAgentCoreClient(
        stream_url=lambda _b, _s: f"ws://127.0.0.1:{forward.port}{socket_path}"
    )
    store = MemoryArtifactStore()
    run = make_run("tsk_remote", url=app_url)

    first = container(client, store)
    try:
        session = await first.session_for(run)
        page = session.page
        await page.goto(app_url)
        await page.fill("#name", "Ada Lovelace")
        await page.evaluate("sessionStorage.setItem('cart', '3'); window.app.step = 1")
        loaded_at = await page.evaluate("window.app.loadedAt")
        await first.release(run.run_id, final=False)  # the step ends; its state is saved too
    finally:
        await first.close()  # the container goes away; the remote browser does not
    assert store.get(state_key(run.run_id))  # saved, yet not needed below

    second = container(client, store)
    try:
        page = (await second.session_for(run)).page
        assert page.url == app_url
        assert await page.input_value("#name") == "Ada Lovelace"
        assert await page.evaluate("sessionStorage.getItem('cart')") == "3"
        # the page was never reloaded: its scripts' memory is the one step 1 left
        assert await page.evaluate("window.app.step") == 1
        assert await page.evaluate("window.app.loadedAt") == loaded_at
        await second.release(run.run_id, final=True)
    finally:
        await second.close()

    assert len(client.calls_of("StartBrowserSession")) == 1
    assert len(client.calls_of("StopBrowserSession")) == 1
    assert client.ready() == []
    upgrades = [r for r in forward.requests if r.startswith("GET ")]
    assert len(upgrades) == 2  # one connection per container
    for request in upgrades:
        lines = request.lower()
        assert "upgrade: websocket" in lines
        assert "authorization: aws4-hmac-sha256 credential=akidexample/" in lines
        assert "x-amz-security-token: session-token" in lines
        assert re.search(r"x-amz-date: \d{8}t\d{6}z", lines)
        assert f"host: 127.0.0.1:{forward.port}" in lines


async def test_a_cold_restore_would_have_lost_the_live_page(app_url) -> None:
    """The contrast: the provider's own browser brings back URL and fields from saved state,
    but not the page's memory, which a reload starts afresh."""
    store = MemoryArtifactStore()
    run = make_run("tsk_local", url=app_url)
    first = PlaywrightBrowserProvider(Settings(headless=True), state_store=store)
    try:
        page = (await first.session_for(run)).page
        await page.goto(app_url)
        await page.fill("#name", "Ada Lovelace")
        await page.evaluate("window.app.step = 1")
        await first.release(run.run_id, final=False)
    finally:
        await first.close()
    second = PlaywrightBrowserProvider(Settings(headless=True), state_store=store)
    try:
        page = (await second.session_for(run)).page
        assert page.url == app_url
        assert await page.evaluate("window.app.step") == 0
    finally:
        await second.close()
