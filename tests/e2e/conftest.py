"""E2E fixtures: `stratus serve` as a real process on loopback, and the demo site with a
webhook receiver that verifies signatures."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import stratus
from stratus.demo.site_server import DemoSite

# The child runs the same stratus package as the tests import, whatever else is installed.
CORE = str(Path(stratus.__file__).resolve().parents[1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    def __init__(self, data_dir: Path, env: dict[str, str]) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        path = os.pathsep.join(p for p in (CORE, os.environ.get("PYTHONPATH")) if p)
        self.env = {**os.environ, **env, "STRATUS_DATA_DIR": str(data_dir), "PYTHONPATH": path}
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "server.log"
        self.webhook_secret: str | None = None  # the last created key's organization's

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "stratus.cli", "serve", "--port", str(self.port)],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the server and its browsers
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base_url + "/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("server did not start:\n" + self.log.read_text()[-3000:])

    def kill(self) -> None:
        """SIGKILL to the server and every process it started (its browsers), as when the
        machine goes away: nothing gets a chance to clean up."""
        assert self.proc is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def create_key(self) -> str:
        out = subprocess.run(
            [sys.executable, "-m", "stratus.cli", "keys", "create", "e2e"],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        lines = out.stdout.strip().splitlines()
        self.webhook_secret = next(
            line.split(": ", 1)[1] for line in lines if line.startswith("webhook secret: ")
        )
        return lines[-1]


@pytest.fixture
def server_factory(tmp_path) -> Iterator:
    started: list[ServerProcess] = []

    def make(**env: str) -> ServerProcess:
        settings = {"STRATUS_LEASE_SECONDS": "3", "STRATUS_POLL_INTERVAL_SECONDS": "0.2"}
        server = ServerProcess(tmp_path / "data", {**settings, **env})
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def demo_site() -> Iterator[DemoSite]:
    with DemoSite() as site:
        yield site


def wait_for(predicate, timeout: float = 60, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")
