"""Outbound POSTs (webhooks, 2FA endpoints) outside local mode connect only to an address
that was checked: a DNS answer that changes between the check and the connection (DNS
rebinding) cannot steer the POST into a private network."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from stratus.adapters.httpx_sender import HttpxSender
from stratus.bootstrap import build_container
from stratus.config import Settings
from stratus.domain.status import RunStatus
from tests.contract.store_contract import make_run
from tests.fakes.runtime import FakeBrowserProvider, NoCodes

pytestmark = pytest.mark.integration

PUBLIC_ANSWER = "93.184.216.34"
REBINDING_HOST = "hooks.rebinding.test"


class _Receiver(BaseHTTPRequestHandler):
    received: list[tuple[str, str | None]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        type(self).received.append((self.path, self.headers.get("host")))
        self.send_response(200)
        self.send_header("content-length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        return None


def _text(host: str | bytes | None) -> str | None:
    """Resolvers get the host as text or as IDNA-encoded bytes."""
    return host.decode("ascii") if isinstance(host, bytes) else host


@pytest.fixture
def private_receiver():
    _Receiver.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], _Receiver.received
    server.shutdown()
    server.server_close()


@pytest.fixture
def rebinding_dns(monkeypatch):
    """The first lookup of the host answers a public address, every later one loopback."""
    real = socket.getaddrinfo
    lookups: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        if _text(host) != REBINDING_HOST:
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        answer = PUBLIC_ANSWER if len(lookups) == 1 else "127.0.0.1"
        return real(answer, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


async def test_a_webhook_never_reaches_the_private_address_a_rebinding_host_turns_to(
    tmp_path, private_receiver, rebinding_dns
):
    port, received = private_receiver
    settings = Settings(data_dir=tmp_path, allow_private_urls=False, webhook_timeout_seconds=2)
    container = build_container(settings, browser=FakeBrowserProvider(), codes=NoCodes())
    key, _ = container.keys.create_key("pinning")
    run = make_run(
        org=key.organization_id,
        status=RunStatus.completed,
        api_key_id=key.key_id,
        webhook_url=f"http://{REBINDING_HOST}:{port}/hook",
    )
    container.store.create_run(run)
    try:
        report = await container.webhooks.retry(run)
    finally:
        await container.http.aclose()
    assert rebinding_dns, "the host was never looked up"
    assert received == []
    assert report.response is None and report.error


async def test_the_sender_connects_to_the_answer_it_checked_and_keeps_the_host_header(
    private_receiver,
):
    """The host is looked up once, through the guard, and never again by the client: the
    connection goes to that answer while the request still names the URL's host."""
    port, received = private_receiver
    looked_up: list[str] = []

    def resolve(host: str) -> list[str]:
        looked_up.append(host)
        return ["127.0.0.1"]

    sender = HttpxSender(resolve)
    try:
        reply = await sender.post(f"http://{REBINDING_HOST}:{port}/hook?x=1", b"{}", {}, timeout=5)
    finally:
        await sender.aclose()
    assert reply.status_code == 200
    assert looked_up == [REBINDING_HOST]
    assert received == [("/hook?x=1", f"{REBINDING_HOST}:{port}")]
