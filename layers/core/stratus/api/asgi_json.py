"""A whole JSON response sent from ASGI middleware, below FastAPI's own responses."""

from __future__ import annotations

import json

from starlette.types import Send


def detail_body(text: str) -> bytes:
    """The body of an error answer: ``{"detail": text}``."""
    return json.dumps({"detail": text}).encode()


async def send_json(send: Send, status: int, body: bytes, *, close: bool = False) -> None:
    """``close``: the connection ends after it (the request's body was not read)."""
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
