"""An HTTP forward proxy in front of one browser: it connects only to addresses it checked.

Chromium is launched with ``--proxy-server`` pointing here and ``--proxy-bypass-list=
<-loopback>`` (so not even loopback goes direct), and then sends every request to this
proxy by name: ``CONNECT host:port`` for HTTPS and WebSockets, an absolute URI for plain
HTTP. The proxy resolves the name itself, checks every address against the egress policy,
and connects to a checked address, so a DNS answer that changes between a check and the
connection (rebinding) cannot steer the browser: the check is on the address connected to.
A refused request gets a 403 whose body names the reason, and the reason is kept for the
run's next step record.

With an upstream proxy (a run's ``proxy_location``) the proxy chains to it instead of
connecting itself. The upstream is trusted: it resolves names in its own network, so only
literal addresses and the policy's names are checked here.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import ipaddress
import logging
import socket
from collections.abc import Awaitable, Callable
from urllib.parse import unquote, urlsplit

from ..services.egress_policy import EgressPolicy
from ..services.url_guard import IPAddress

log = logging.getLogger(__name__)

# host -> its addresses (raises OSError when it does not resolve)
Resolver = Callable[[str], Awaitable[list[IPAddress]]]

CONNECT_TIMEOUT_SECONDS = 15.0
HOP_HEADERS = {"proxy-connection", "proxy-authorization", "connection", "keep-alive"}


async def system_resolver(host: str) -> list[IPAddress]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


class Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class EgressProxy:
    """One listening socket on 127.0.0.1, for one browser; ``take_refusals`` drains what
    it refused since the last call."""

    def __init__(
        self,
        policy: EgressPolicy,
        *,
        resolve: Resolver | None = None,
        upstream: str | None = None,
    ) -> None:
        self._policy = policy
        self._resolve = resolve or system_resolver
        self._upstream = urlsplit(upstream) if upstream else None
        if self._upstream is not None and self._upstream.scheme != "http":
            raise ValueError("only http:// upstream proxies can be chained")
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._refusals: list[str] = []
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def chromium_args(self) -> list[str]:
        return [
            f"--proxy-server={self.url}",
            "--proxy-bypass-list=<-loopback>",
            # WebRTC may not send UDP around the proxy
            "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
        ]

    async def start(self) -> EgressProxy:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def take_refusals(self) -> list[str]:
        taken, self._refusals = self._refusals, []
        return taken

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(BaseException):
                await task

    # -- one client connection ------------------------------------------------------------
    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            await self._handle(reader, writer)
        except Refused as refused:
            if refused.status == 403:
                self._refusals.append(refused.reason)
            await _answer(writer, refused.status, refused.reason)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        except Exception:  # one connection's failure; logged
            log.exception("egress proxy connection failed")
        finally:
            writer.close()
            with contextlib.suppress(Exception):  # the peer may be gone already
                await writer.wait_closed()
            if task is not None:
                self._tasks.discard(task)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")  # longer than the stream limit: dropped
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        method, target, version = _split_request_line(request_line)
        if method == "CONNECT":
            host, port = _authority(target)
            upstream = await self._open(host, port)
            if self._upstream is not None:
                await _send(upstream[1], self._chained_connect(target))
            else:
                await _send(writer, b"HTTP/1.1 200 Connection established\r\n\r\n")
            await _relay(reader, writer, *upstream)
            return
        parts = urlsplit(target)
        if parts.scheme != "http" or not parts.hostname:
            raise Refused(400, "the proxy serves absolute http:// requests and CONNECT only")
        upstream = await self._open(parts.hostname, parts.port or 80)
        headers = [h for h in header_lines if h and h.split(":", 1)[0].lower() not in HOP_HEADERS]
        if self._upstream is not None:
            line = f"{method} {target} {version}"
            headers += self._proxy_authorization()
        else:
            origin_form = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            line = f"{method} {origin_form} {version}"
        # one request per connection: a reused proxy connection could carry the next
        # request, for another host, to this one's server
        forwarded = "\r\n".join([line, *headers, "Connection: close", "", ""])
        await _send(upstream[1], forwarded.encode("latin-1"))
        await _relay(reader, writer, *upstream, close_after_response=True)

    async def _open(
        self, host: str, port: int
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """A connection to a checked address of ``host`` (or to the upstream proxy)."""
        if self._upstream is not None:
            self._check_literal(host)
            assert self._upstream.hostname is not None
            return await _connect([self._upstream.hostname], self._upstream.port or 80)
        try:
            addresses = await self._resolve(host.strip("[]"))
        except (OSError, UnicodeError) as exc:
            raise Refused(502, f"host {host} does not resolve") from exc
        if not addresses:
            raise Refused(502, f"host {host} does not resolve")
        reason = self._policy.refusal(host, addresses)
        if reason is not None:
            raise Refused(403, reason)
        return await _connect([str(a) for a in addresses], port)

    def _check_literal(self, host: str) -> None:
        try:
            address = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            lowered = host.lower().rstrip(".")
            if lowered == "localhost" or lowered.endswith(".localhost"):
                address = ipaddress.ip_address("127.0.0.1")
            else:
                return
        reason = self._policy.refusal(host, [address])
        if reason is not None:
            raise Refused(403, reason)

    def _proxy_authorization(self) -> list[str]:
        assert self._upstream is not None
        if not self._upstream.username:
            return []
        user = unquote(self._upstream.username)
        password = unquote(self._upstream.password or "")
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return [f"Proxy-Authorization: Basic {token}"]

    def _chained_connect(self, target: str) -> bytes:
        lines = [f"CONNECT {target} HTTP/1.1", f"Host: {target}", *self._proxy_authorization()]
        return ("\r\n".join([*lines, "", ""])).encode("latin-1")


def _split_request_line(line: str) -> tuple[str, str, str]:
    parts = line.split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise Refused(400, "malformed request line")
    return parts[0].upper(), parts[1], parts[2]


def _authority(target: str) -> tuple[str, int]:
    parts = urlsplit(f"//{target}")
    try:
        port = parts.port
    except ValueError:
        port = None
    if not parts.hostname or port is None:
        raise Refused(400, "CONNECT needs host:port")
    return parts.hostname, port


async def _connect(
    addresses: list[str], port: int
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    last: Exception | None = None
    for address in addresses:
        try:
            return await asyncio.wait_for(
                asyncio.open_connection(address, port), CONNECT_TIMEOUT_SECONDS
            )
        except (OSError, TimeoutError) as exc:
            last = exc
    raise Refused(502, f"could not connect: {last}")


async def _send(writer: asyncio.StreamWriter, data: bytes) -> None:
    writer.write(data)
    await writer.drain()


async def _answer(writer: asyncio.StreamWriter, status: int, reason: str) -> None:
    body = (reason + "\n").encode()
    titles = {400: "Bad Request", 403: "Forbidden", 502: "Bad Gateway"}
    head = (
        f"HTTP/1.1 {status} {titles.get(status, 'Error')}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    with contextlib.suppress(Exception):  # the client may be gone already
        await _send(writer, head.encode("latin-1") + body)


async def _relay(
    client_reader: asyncio.StreamReader,
    client_writer: asyncio.StreamWriter,
    server_reader: asyncio.StreamReader,
    server_writer: asyncio.StreamWriter,
    *,
    close_after_response: bool = False,
) -> None:
    """Copy bytes both ways until the server side ends (or, for a tunnel, either side)."""

    async def pump(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, asyncio.CancelledError):
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        if sink.can_write_eof():
            with contextlib.suppress(OSError):
                sink.write_eof()

    upload = asyncio.create_task(pump(client_reader, server_writer))
    download = asyncio.create_task(pump(server_reader, client_writer))
    try:
        if close_after_response:
            await download
        else:
            await asyncio.wait({upload, download}, return_when=asyncio.FIRST_COMPLETED)
            await asyncio.wait({upload, download}, timeout=5)
    finally:
        for task in (upload, download):
            task.cancel()
        server_writer.close()
        with contextlib.suppress(Exception):  # the server may be gone already
            await server_writer.wait_closed()
