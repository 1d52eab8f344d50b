"""A request id on every response (``x-request-id``: the client's when it sent a sane one,
else a new one), the body fields that were ignored (``x-stratus-ignored-fields``), and one
access log line per request: id, organization, method, route, status, latency."""

from __future__ import annotations

import logging
import re
import secrets
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..contract.field_typos import IGNORED_FIELDS
from . import request_context
from .asgi_json import detail_body, send_json

log = logging.getLogger("stratus.access")

REQUEST_ID_HEADER = "x-request-id"
IGNORED_FIELDS_HEADER = "x-stratus-ignored-fields"
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def new_request_id() -> str:
    return f"req_{secrets.token_hex(8)}"


def _client_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER.encode():
            text = value.decode("latin-1").strip()
            return text if _SANE_ID.match(text) else None
    return None


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        context = request_context.begin(_client_request_id(scope) or new_request_id())
        IGNORED_FIELDS.set(context.ignored_fields)  # filled by the request models
        began = time.perf_counter()
        status = 500
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
                headers = list(message.get("headers", ()))
                headers.append((REQUEST_ID_HEADER.encode(), context.request_id.encode()))
                if context.ignored_fields:
                    names = ", ".join(context.ignored_fields)
                    headers.append(
                        (IGNORED_FIELDS_HEADER.encode(), names.encode("ascii", "replace"))
                    )
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:  # answered with the shape and id, then re-raised
            if not started:  # the error handler logs it; the client still gets the shape and id
                await send_json(send_with_id, 500, detail_body("Internal server error"))
            raise
        finally:
            route = getattr(scope.get("route"), "path", None) or scope.get("path", "")
            log.info(
                "request_id=%s organization=%s method=%s route=%s status=%s latency_ms=%.1f",
                context.request_id,
                context.organization_id or "-",
                scope.get("method"),
                route,
                status,
                (time.perf_counter() - began) * 1000,
            )
