"""The egress proxy on its own, driven over real loopback sockets (no browser): which
address it connects to, what a refusal looks like, and chaining to a run's proxy."""

import asyncio
import ipaddress

import httpx
import pytest

from stratus.adapters.egress_proxy import EgressProxy
from stratus.services.egress_policy import EgressPolicy
from tests.support.egress_sites import EgressSite

pytestmark = pytest.mark.integration

# 127.0.0.2 stands in for a public address: the policy admits it, and nothing else private
STAND_IN_PUBLIC = ipaddress.ip_address("127.0.0.2")
POLICY = EgressPolicy.build(allow_private=False, allowed=["127.0.0.2/32"])


class RebindingResolver:
    """Answers the stand-in public address first, loopback afterwards; counts lookups."""

    def __init__(self) -> None:
        self.lookups = 0

    async def __call__(self, host: str) -> list:
        self.lookups += 1
        return [STAND_IN_PUBLIC if self.lookups == 1 else ipaddress.ip_address("127.0.0.1")]


@pytest.fixture
def site():
    with EgressSite(bind="127.0.0.2") as served:
        yield served


async def test_each_request_connects_to_the_address_it_checked(site) -> None:
    resolver = RebindingResolver()
    proxy = await EgressProxy(POLICY, resolve=resolver).start()
    try:
        async with httpx.AsyncClient(proxy=proxy.url, trust_env=False) as client:
            first = await client.get(f"http://rebind.test:{site.port}/page")
            second = await client.get(f"http://rebind.test:{site.port}/secret")
    finally:
        await proxy.close()
    assert first.status_code == 200 and "welcome" in first.text
    # the name now answers loopback: refused on that answer, with no second lookup
    assert second.status_code == 403
    assert second.text.strip() == "blocked: private address rebind.test (127.0.0.1)"
    assert resolver.lookups == 2 and site.hits == ["/page"]
    assert proxy.take_refusals() == ["blocked: private address rebind.test (127.0.0.1)"]
    assert proxy.take_refusals() == []


async def test_connect_tunnels_are_checked_like_plain_requests(site) -> None:
    async def loopback(host: str) -> list:
        return [ipaddress.ip_address("127.0.0.1")]

    proxy = await EgressProxy(POLICY, resolve=loopback).start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
        writer.write(b"CONNECT internal.test:443 HTTP/1.1\r\nHost: internal.test:443\r\n\r\n")
        await writer.drain()
        answer = await reader.read()
        writer.close()
    finally:
        await proxy.close()
    assert answer.startswith(b"HTTP/1.1 403 ")
    assert answer.endswith(b"blocked: private address internal.test (127.0.0.1)\n")


class RecordingUpstream:
    """A stand-in for a run's upstream proxy: records the request head, answers 200."""

    def __init__(self) -> None:
        self.heads: list[str] = []
        self.port = 0

    async def start(self) -> asyncio.Server:
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        return server

    async def _serve(self, reader, writer) -> None:
        self.heads.append((await reader.readuntil(b"\r\n\r\n")).decode())
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        await writer.drain()
        writer.close()


async def test_chains_to_the_upstream_proxy_but_still_refuses_private_literals() -> None:
    upstream = RecordingUpstream()
    server = await upstream.start()
    proxy = EgressProxy(POLICY, upstream=f"http://user:p%40ss@127.0.0.1:{upstream.port}")
    await proxy.start()
    try:
        async with httpx.AsyncClient(proxy=proxy.url, trust_env=False) as client:
            chained = await client.get("http://shop.example/basket")
            refused = await client.get("http://169.254.169.254/latest/meta-data/")
            local = await client.get("http://localhost:8080/")
    finally:
        await proxy.close()
        server.close()
    assert chained.status_code == 200 and chained.text == "ok"
    assert upstream.heads[0].startswith("GET http://shop.example/basket HTTP/1.1\r\n")
    assert "Proxy-Authorization: Basic dXNlcjpwQHNz\r\n" in upstream.heads[0]  # user:p@ss
    assert refused.status_code == 403 and local.status_code == 403
    assert len(upstream.heads) == 1


def test_only_http_upstream_proxies_can_be_chained() -> None:
    with pytest.raises(ValueError, match="http://"):
        EgressProxy(POLICY, upstream="socks5://proxy.example:1080")
