"""Refuse request bodies over the configured size with 413, by header and by streamed bytes;
read bodies sent without a content type as JSON.

FastAPI turns any error raised while it reads the body into a 400, so this middleware
notes the overflow itself and replaces whatever the app answers with the 413.
"""

from __future__ import annotations

import contextlib
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .asgi_json import detail_body, send_json


class _BodyTooLarge(Exception):
    pass


async def _send_json(send: Send, status: int, detail: str) -> None:
    await send_json(send, status, detail_body(detail), close=True)


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = f"The request body is larger than {self.max_bytes} bytes"
        declared = _content_length(scope)
        if declared == "invalid":
            await _send_json(send, 400, "The Content-Length header is not a valid length")
            return
        if isinstance(declared, int) and declared > self.max_bytes:
            await _send_json(send, 413, too_large)
            return

        scope = _json_by_default(scope)
        state: dict[str, Any] = {"received": 0, "exceeded": False, "started": False}

        async def limited_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > self.max_bytes:
                    state["exceeded"] = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            if state["exceeded"]:
                return
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        with contextlib.suppress(_BodyTooLarge):
            await self.app(scope, limited_receive, guarded_send)
        if state["exceeded"] and not state["started"]:
            await _send_json(send, 413, too_large)


def _content_length(scope: Scope) -> int | str | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() and len(text) < 19 else "invalid"
    return None


_JSON_BY_DEFAULT = (b"", b"application/x-www-form-urlencoded", b"text/plain")


def _json_by_default(scope: Scope) -> Scope:
    """Read bodies sent without a JSON content type (``curl -d``) as JSON: every body is."""
    if scope.get("method") not in ("POST", "PUT", "PATCH"):
        return scope
    headers = list(scope.get("headers", []))
    current = next((value for name, value in headers if name == b"content-type"), b"")
    if current.split(b";")[0].strip().lower() not in _JSON_BY_DEFAULT:
        return scope
    headers = [(name, value) for name, value in headers if name != b"content-type"]
    headers.append((b"content-type", b"application/json"))
    return {**scope, "headers": headers}
