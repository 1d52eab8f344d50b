"""A small HTTP/1.1 load client: N keep-alive connections, each sending one request at a time.

Light on purpose: at 50 connections httpx's pool spends more CPU per request choosing a
connection than the server spends answering a health check, so on a small machine it
measures itself. Each connection here is one asyncio stream, requests are pre-encoded bytes
and responses are read by Content-Length (or chunks).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

Request = bytes
Send = Callable[[], Awaitable[int]]  # one request; its status


def encode_request(
    method: str,
    path: str,
    *,
    host: str,
    headers: dict[str, str] | None = None,
    json_body: Any = None,
) -> Request:
    body = b"" if json_body is None else json.dumps(json_body).encode()
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: keep-alive"]
    if json_body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self._host, self._port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    def sender(self, request: Request) -> Send:
        async def send() -> int:
            return (await self.send(request))[0]

        return send

    async def send(self, request: Request) -> tuple[int, bytes]:
        """(status, body). A kept-alive connection the server has closed meanwhile (its idle
        timeout) is opened again and the request sent once more."""
        reused = self._writer is not None
        try:
            return await self._send_once(request)
        except (ConnectionError, asyncio.IncompleteReadError) as exc:
            self.close()
            nothing_read = not getattr(exc, "partial", b"")
            if not (reused and nothing_read):
                raise
        return await self._send_once(request)

    async def _send_once(self, request: Request) -> tuple[int, bytes]:
        if self._writer is None or self._reader is None:
            self._reader, self._writer = await asyncio.open_connection(self._host, self._port)
        try:
            self._writer.write(request)
            return await self._read_response(self._reader)
        except (ConnectionError, asyncio.IncompleteReadError):
            self.close()
            raise

    async def _read_response(self, reader: asyncio.StreamReader) -> tuple[int, bytes]:
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers: dict[str, str] = {}
        for line in header_lines:
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._read_chunks(reader)
        else:
            body = await reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, body

    @staticmethod
    async def _read_chunks(reader: asyncio.StreamReader) -> bytes:
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


@dataclass
class Load:
    label: str
    requests: int
    seconds: float
    latencies: list[float]
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """Milliseconds (nearest rank)."""
        ordered = sorted(self.latencies)
        if not ordered:
            return 0.0
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index] * 1000


async def drive(label: str, senders: list[Send], requests: int) -> Load:
    """``requests`` requests in all, one at a time on each sender (as many in flight as
    there are senders)."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    remaining = requests

    async def one_client(send: Send) -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            try:
                outcome = str(await send())
            except Exception as exc:  # counted by kind, like a status
                outcome = type(exc).__name__
            latencies.append(time.perf_counter() - started)
            if outcome != "200":
                errors[outcome] = errors.get(outcome, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(one_client(send) for send in senders))
    return Load(label, requests, time.perf_counter() - started, latencies, errors)
