"""A loopback site for the egress tests: pages that navigate, redirect, fetch and open
WebSockets toward a target, and a log of every request that reached it.

Tests reach it under made-up names through ``mapped_resolver``: ``allowed.test`` (which
the tests' allow-list admits) and ``public.test`` (a public-looking name that resolves to
loopback, so only the address check can refuse it).
"""

from __future__ import annotations

import html
import ipaddress
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from stratus.services.url_guard import IPAddress

LOOPBACK = ipaddress.ip_address("127.0.0.1")
MAPPED_NAMES = {"allowed.test": LOOPBACK, "public.test": LOOPBACK}
# Chromium resolves these names the same way, should it ever resolve them itself
HOST_RESOLVER_RULES = "--host-resolver-rules=MAP public.test 127.0.0.1, MAP allowed.test 127.0.0.1"


async def mapped_resolver(host: str) -> list[IPAddress]:
    """The egress proxy's resolver in tests: the names above, and address literals."""
    if host.lower() in MAPPED_NAMES:
        return [MAPPED_NAMES[host.lower()]]
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        raise OSError(f"{host} does not resolve in tests") from None


def _page(title: str, script: str = "") -> bytes:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"</head><body><h1>{html.escape(title)}</h1><script>{script}</script></body></html>"
    ).encode()


def _fetch_script(target: str) -> str:
    return (
        f"fetch({json.dumps(target)}, {{mode: 'no-cors'}})"
        ".then(() => { document.title = 'fetched'; })"
        ".catch(() => { document.title = 'fetch failed'; });"
    )


def _socket_script(target: str) -> str:
    return (
        f"const socket = new WebSocket({json.dumps(target)});"
        "socket.onopen = () => { document.title = 'socket open'; };"
        "socket.onerror = () => { document.title = 'socket failed'; };"
    )


class EgressSite:
    """``hits`` holds the path of every request that arrived, in order."""

    def __init__(self, bind: str = "127.0.0.1") -> None:
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                site.hits.append(self.path)
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path == "/redirect":
                    self.send_response(302)
                    self.send_header("Location", query["to"])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if parts.path == "/fetch":
                    body = _page("fetching", _fetch_script(query["target"]))
                elif parts.path == "/socket-page":
                    body = _page("connecting", _socket_script(query["target"]))
                elif parts.path == "/secret":
                    body = _page("internal secret")
                else:
                    body = _page("welcome")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer((bind, 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def __enter__(self) -> EgressSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
