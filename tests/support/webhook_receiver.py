"""A webhook receiver on loopback that checks signatures (``x-skyvern-signature`` with the API
key; ``webhook-signature`` too when given the organization's ``whsec_`` secret) and counts
what it gets by ``webhook-id``; it can answer 503 or stop listening (an outage) and come
back."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    webhook_id: str
    run_id: str
    status: str
    body: bytes
    verified: bool


def skyvern_signature_ok(api_key: str, headers: Any, body: bytes) -> bool:
    expected = hmac.new(api_key.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers.get("x-skyvern-signature", ""))


def standard_signature_ok(webhook_secret: str, headers: Any, body: bytes) -> bool:
    """The Standard Webhooks check: the key is the base64 after ``whsec_``."""
    msg_id, stamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
    signed = f"{msg_id}.{stamp}.".encode() + body
    key = base64.b64decode(webhook_secret.removeprefix("whsec_"))
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    expected = "v1," + base64.b64encode(digest).decode()
    offered = headers.get("webhook-signature", "").split()
    return any(hmac.compare_digest(expected, sig) for sig in offered)


class WebhookReceiver:
    def __init__(self, secret: str = "", webhook_secret: str | None = None) -> None:
        self.secret = secret  # the API key
        self.webhook_secret = webhook_secret
        self.accepted: list[Received] = []  # answered 2xx
        self.turned_away = 0  # answered 503 while down
        self.answer = 200
        self._lock = threading.Lock()
        self._port = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}/hook"

    def start(self) -> WebhookReceiver:
        """Listen (again on the same port after ``stop``)."""
        server = ThreadingHTTPServer(("127.0.0.1", self._port), self._handler())
        self._port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening: connections are refused until ``start``."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def verify(self, headers: Any, body: bytes) -> bool:
        if not skyvern_signature_ok(self.secret, headers, body):
            return False
        return self.webhook_secret is None or standard_signature_ok(
            self.webhook_secret, headers, body
        )

    def ids(self) -> Counter[str]:
        with self._lock:
            return Counter(hook.webhook_id for hook in self.accepted)

    def for_run(self, run_id: str) -> list[Received]:
        with self._lock:
            return [hook for hook in self.accepted if hook.run_id == run_id]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: object) -> None:
                return None

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status = receiver.answer
                if 200 <= status < 300:
                    payload = json.loads(body)
                    hook = Received(
                        webhook_id=self.headers.get("webhook-id", ""),
                        run_id=payload.get("run_id") or payload.get("task_id", ""),
                        status=payload.get("status", ""),
                        body=body,
                        verified=receiver.verify(self.headers, body),
                    )
                    with receiver._lock:
                        receiver.accepted.append(hook)
                else:
                    with receiver._lock:
                        receiver.turned_away += 1
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

        return Handler
