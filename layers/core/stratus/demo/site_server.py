"""A tiny loopback server for the demo: the bundled job page, and a webhook receiver."""

from __future__ import annotations

import hashlib
import hmac
import html
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SITE = Path(__file__).parent / "site"


class DemoSite:
    def __init__(self, api_key: str | None = None) -> None:
        self.api_key = api_key
        self.webhooks: list[dict[str, object]] = []
        self.received = threading.Event()
        self.applications: list[dict[str, str]] = []  # every form submission received
        self.on_application: Callable[[], None] | None = None  # runs before the answer
        handler = self._handler()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> DemoSite:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: object) -> None:
                return None

            def _send(self, status: int, body: bytes, content_type: str = "text/html") -> None:
                self.send_response(status)
                self.send_header("Content-Type", f"{content_type}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                delay = parse_qs(parts.query).get("delay")
                if delay:  # lets tests catch a step in flight
                    time.sleep(min(float(delay[0]), 30))
                if parts.path in ("/", "/apply"):
                    self._send(200, (SITE / "index.html").read_bytes())
                else:
                    self._send(404, b"<h1>Not found</h1>")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if self.path == "/webhook":
                    expected = hmac.new(
                        (site.api_key or "").encode(), raw, hashlib.sha256
                    ).hexdigest()
                    signature = self.headers.get("x-skyvern-signature", "")
                    site.webhooks.append(
                        {"body": raw, "verified": hmac.compare_digest(expected, signature)}
                    )
                    site.received.set()
                    self._send(200, b"{}", "application/json")
                    return
                fields = {k: v[-1] for k, v in parse_qs(raw.decode()).items()}
                site.applications.append(fields)
                if site.on_application is not None:
                    site.on_application()
                page = (SITE / "submit.html").read_text()
                details = "".join(
                    f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in fields.items()
                )
                self._send(200, page.replace("</body>", f"<dl>{details}</dl></body>").encode())

        return Handler
