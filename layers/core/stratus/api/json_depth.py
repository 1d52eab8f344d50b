"""Refuse request bodies whose JSON nests too deep, before any recursive parser reads them.

The body is already bounded in size by the body limit outside this middleware; it is read
here, its nesting counted without parsing, and handed on unchanged.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..contract.json_bounds import text_depth
from .asgi_json import send_json

_WITH_BODY = ("POST", "PUT", "PATCH")


def too_deep_body(max_depth: int) -> bytes:
    message = f"body: nested deeper than {max_depth} levels"
    error = {"loc": ["body"], "field": "body", "msg": message, "type": "json_too_deep"}
    return json.dumps({"detail": [error]}).encode()


class JsonDepthMiddleware:
    def __init__(self, app: ASGIApp, max_depth: int) -> None:
        self.app = app
        self.max_depth = max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in _WITH_BODY:
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if text_depth(body) > self.max_depth:
            await send_json(send, 422, too_deep_body(self.max_depth))
            return
        whole: Message = {"type": "http.request", "body": body, "more_body": False}
        await self.app(scope, _replay([whole], receive), send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay
