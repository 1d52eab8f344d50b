"""Write path: creating a run against a health check on a real ``stratus serve``.

A fresh data directory, a key made with ``stratus keys create``, the server (API and local
worker, as users run it) in its own process on 127.0.0.1. A client in this process sends
``GET /health`` and ``POST /v1/run/tasks`` (a valid body whose start URL is a local page
that answers at once) in alternating rounds, a fixed number of each with a fixed number in
flight. The created runs are queued and the worker drives them meanwhile, during the health
rounds too: that is the contention the write path meets in use. Run creation is not rate
limited here (``run_rate_per_second=0``), so every create is stored rather than answered 429.

The figures that matter are the ratios on the same server: create throughput over health
throughput, and create p99 over health p99. Two clients, each against its own fresh server:
"light" (bench/http_load.py: keep-alive sockets, one request in flight on each) costs so
little that both figures are the server's own; "httpx" (its AsyncClient) spends more CPU per
request in its connection pool than the server spends on a health check, so its health
figure is the client's speed and its ratio says whether creating keeps up with such a client.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

import stratus
from bench import process_cpu
from bench.http_load import Connection, Load, Send, drive, encode_request
from bench.registry import BenchOptions, SectionResult, section
from tests.fixtures.server import FixtureServer

REQUESTS = int(os.environ.get("STRATUS_BENCH_REQUESTS", "6000"))
CONCURRENCY = int(os.environ.get("STRATUS_BENCH_CONCURRENCY", "50"))
WARMUP = 50
# alternating rounds of health checks and creates, 200 requests each: single rounds of
# either kind range over 4x on a shared machine (the runs' browsers), so many are summed
ROUNDS = 30
COLUMNS = [
    "client",
    "request",
    "requests",
    "req_per_s",
    "p50_ms",
    "p99_ms",
    "errors",
    "server_cpu_ms_per_req",
    "browser_cpu_s",
]
PAGE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Order 1042</title>"
    "</head><body><main><h1>Order 1042</h1><p>Status: shipped</p></main></body></html>"
)


@dataclass
class Phase:
    """One measured batch of requests, with the CPU the server spent meanwhile."""

    load: Load
    server_cpu_ms_per_request: float | None
    browser_cpu_seconds: float | None  # the server's descendants (the runs' browsers), at least


@dataclass
class Clients:
    health: list[Send]  # one sender per request in flight
    create: list[Send]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(data_dir: Path, port: int) -> dict[str, str]:
    env = dict(os.environ)
    core = str(Path(stratus.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (core, env.get("PYTHONPATH")) if p)
    env["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    env["STRATUS_DATA_DIR"] = str(data_dir)
    env["STRATUS_PORT"] = str(port)
    env["STRATUS_RUN_RATE_PER_SECOND"] = "0"
    for name in ("STRATUS_MODEL", "STRATUS_MAX_ACTIVE_RUNS"):
        env.pop(name, None)
    return env


def create_key(data_dir: Path, env: dict[str, str]) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "stratus.cli", "--data-dir", str(data_dir), "keys", "create", "b"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


async def wait_for_health(port: int, server: subprocess.Popen[bytes]) -> None:
    request = encode_request("GET", "/health", host=f"127.0.0.1:{port}")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"stratus serve exited with {server.returncode}")
        connection = Connection("127.0.0.1", port)
        try:
            if (await connection.send(request))[0] == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        await asyncio.sleep(0.1)
    raise RuntimeError("stratus serve did not answer /health within 60 s")


async def wait_for_first_run(port: int, key: str, body: dict[str, Any]) -> None:
    """Create one run and wait until the worker has started it: the browser is up, so both
    measurements see the worker as it is in use, not launching Chromium."""
    host, headers = f"127.0.0.1:{port}", {"x-api-key": key}
    connection = Connection("127.0.0.1", port)
    try:
        create = encode_request("POST", "/v1/run/tasks", host=host, headers=headers, json_body=body)
        status, created = await connection.send(create)
        if status != 200:
            raise RuntimeError(f"creating a run answered {status}: {created[:200]!r}")
        run = encode_request(
            "GET", f"/v1/runs/{json.loads(created)['run_id']}", host=host, headers=headers
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if json.loads((await connection.send(run))[1])["status"] != "queued":
                return
            await asyncio.sleep(0.1)
        raise RuntimeError("the worker did not start a run within 120 s")
    finally:
        connection.close()


async def wait_until_quiet(server_pid: int) -> None:
    """Wait until the server has finished starting: a second in which it used under a
    tenth of a core. It imports litellm in a thread after it answers (seconds of CPU, holding
    the GIL most of the time); measured meanwhile, every request would share the process with
    an import that happens once."""
    deadline = time.monotonic() + 60
    before = process_cpu.sample(server_pid)
    while before is not None and time.monotonic() < deadline:
        await asyncio.sleep(1)
        after = process_cpu.sample(server_pid)
        if after is None or after.own - before.own < 0.1:
            return
        before = after


async def measured(server_pid: int, label: str, senders: list[Send], requests: int) -> Phase:
    before = process_cpu.sample(server_pid)
    load = await drive(label, senders, requests)
    after = process_cpu.sample(server_pid)
    browsers = None
    if before is not None and after is not None:
        browsers = round(process_cpu.descendants_seconds(before, after), 2)
    return Phase(load, process_cpu.per_request_ms(before, after, requests), browsers)


async def alternating(server_pid: int, clients: Clients, requests: int) -> tuple[Phase, Phase]:
    """Health checks and creates in alternating rounds, each kind's rounds summed.

    Both kinds then meet the same server state and the same machine: the worker driving the
    runs created by earlier rounds, and whatever else the machine is doing at that moment.
    One batch after the other did not compare like with like: the health checks ran beside
    an idle worker and the creates beside the browsers of the runs they had just created,
    and a shared machine's load drifts between the two batches."""
    per_round = max(1, requests // ROUNDS)
    health: list[Phase] = []
    create: list[Phase] = []
    for _ in range(ROUNDS):
        health.append(await measured(server_pid, "GET /health", clients.health, per_round))
        create.append(await measured(server_pid, "POST /v1/run/tasks", clients.create, per_round))
    return summed(health), summed(create)


def summed(phases: list[Phase]) -> Phase:
    """One phase from several of the same request: requests, time and latencies added up,
    CPU per request weighted by each part's requests."""
    loads = [phase.load for phase in phases]
    errors: dict[str, int] = {}
    for load in loads:
        for outcome, count in load.errors.items():
            errors[outcome] = errors.get(outcome, 0) + count
    load = Load(
        loads[0].label,
        sum(load.requests for load in loads),
        sum(load.seconds for load in loads),
        [latency for load in loads for latency in load.latencies],
        errors,
    )
    cpu = [phase.server_cpu_ms_per_request for phase in phases]
    browsers = [phase.browser_cpu_seconds for phase in phases]
    cpu_ms = sum(c * p.load.requests for c, p in zip(cpu, phases, strict=True) if c is not None)
    known = [b for b in browsers if b is not None]
    return Phase(
        load,
        round(cpu_ms / load.requests, 3) if None not in cpu and load.requests else None,
        round(sum(known), 2) if len(known) == len(browsers) else None,
    )


def row(phase: Phase) -> dict[str, Any]:
    load = phase.load
    return {
        "request": load.label,
        "requests": load.requests,
        "req_per_s": round(load.per_second, 1),
        "p50_ms": round(load.percentile(50), 1),
        "p99_ms": round(load.percentile(99), 1),
        "errors": sum(load.errors.values()),
        "server_cpu_ms_per_req": phase.server_cpu_ms_per_request,
        "browser_cpu_s": phase.browser_cpu_seconds,
    }


@asynccontextmanager
async def light_client(port: int, key: str, body: dict[str, Any]) -> AsyncIterator[Clients]:
    host = f"127.0.0.1:{port}"
    health = encode_request("GET", "/health", host=host)
    create = encode_request(
        "POST", "/v1/run/tasks", host=host, headers={"x-api-key": key}, json_body=body
    )
    connections = [Connection("127.0.0.1", port) for _ in range(CONCURRENCY)]
    try:
        yield Clients(
            [c.sender(health) for c in connections], [c.sender(create) for c in connections]
        )
    finally:
        for connection in connections:
            connection.close()


@asynccontextmanager
async def httpx_client(port: int, key: str, body: dict[str, Any]) -> AsyncIterator[Clients]:
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=60
    ) as client:

        async def health() -> int:
            return (await client.get("/health")).status_code

        async def create() -> int:
            response = await client.post("/v1/run/tasks", json=body, headers={"x-api-key": key})
            return response.status_code

        yield Clients([health] * CONCURRENCY, [create] * CONCURRENCY)


CLIENTS = {"light": light_client, "httpx": httpx_client}
# which clients to measure with, comma-separated (httpx adds the issue's own setup)
CHOSEN = os.environ.get("STRATUS_BENCH_CLIENTS", "light").split(",")


async def measure(page_url: str, requests: int, client: str) -> tuple[Phase, Phase]:
    with tempfile.TemporaryDirectory(prefix="stratus-bench-") as tmp:
        data_dir, port = Path(tmp) / "data", _free_port()
        env = _server_env(data_dir, port)
        key = create_key(data_dir, env)
        server = subprocess.Popen(
            [sys.executable, "-m", "stratus.cli", "--data-dir", str(data_dir), "serve"],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        body = {"prompt": "Read the order status", "url": page_url, "engine": "skyvern-1.0"}
        try:
            await wait_for_health(port, server)
            await wait_for_first_run(port, key, body)
            await wait_until_quiet(server.pid)
            async with CLIENTS[client](port, key, body) as clients:
                await drive("warm-up", clients.create, WARMUP)  # the worker is busy from here
                await drive("warm-up", clients.health, WARMUP)
                health, create = await alternating(server.pid, clients, requests)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return health, create


def ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else 0.0


@section("write_path")
async def write_path_section(options: BenchOptions) -> SectionResult:
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="stratus-bench-page-") as pages:
        (Path(pages) / "index.html").write_text(PAGE)
        with FixtureServer(Path(pages)) as site:
            for client in CHOSEN:
                health, create = await measure(site.url("/"), REQUESTS, client)
                rows += [{"client": client, **row(health)}, {"client": client, **row(create)}]
                throughput = ratio(create.load.per_second, health.load.per_second)
                p99 = ratio(create.load.percentile(99), health.load.percentile(99))
                notes.append(
                    f"{client}: create/health throughput {throughput} (target >= 0.8), "
                    f"create p99 / health p99 {p99} (target < 2)"
                )
                if create.server_cpu_ms_per_request and health.server_cpu_ms_per_request:
                    cost = ratio(create.server_cpu_ms_per_request, health.server_cpu_ms_per_request)
                    notes.append(
                        f"{client}: the server's CPU per create / per health check {cost} "
                        "(the worker's share of the process included in both)"
                    )
                notes += [
                    f"{client}: {phase.load.label} answered {phase.load.errors}"
                    for phase in (health, create)
                    if phase.load.errors
                ]
    return SectionResult(
        title=f"Write path: create a run against a health check (concurrency {CONCURRENCY})",
        columns=COLUMNS,
        rows=rows,
        notes=[
            *notes,
            "light: keep-alive sockets, the client costs little, so this is the server's own "
            "cost; httpx: its AsyncClient, whose pool bounds health near the client's speed",
            "one stratus serve per client with its worker driving the created runs; no rate limit",
        ],
    )
