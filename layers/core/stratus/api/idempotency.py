"""``Idempotency-Key`` on the POSTs that create something (runs, browser sessions, browser
profiles, uploads), with Stripe's semantics:

* the first request with a key is served and, when it succeeds (2xx), its status and body
  are kept for 24 hours;
* a later request with the same key and the same request (route, body, the headers that
  shape what is created) gets that first answer again, with ``Idempotent-Replayed: true``;
* the same key with another request is refused with 409, as is a duplicate that arrives
  while the first is still being served;
* a first request that fails (not 2xx, or raises) created nothing, so its key is freed
  for a retry: 5xx answers are never kept;
* a first request that never ends (its process killed, a function timed out) leaves a
  claim without an answer; after ``ABANDONED_AFTER`` the next request with the key takes
  it over, so the key is not stuck answering "still being served" for 24 hours.

Keys belong to the organization of the API key. The key is claimed with one conditional
write before the route runs, so concurrent duplicates never create two things.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from datetime import timedelta
from typing import TYPE_CHECKING

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..ports import IdempotentRequest, IdempotentRequests
from .asgi_json import detail_body, send_json

if TYPE_CHECKING:
    from ..bootstrap import Container

log = logging.getLogger(__name__)

HEADER = "idempotency-key"
REPLAYED_HEADER = "idempotent-replayed"
KEEP_FOR = timedelta(hours=24)
# longer than any create request may take (the API function's limit is 29 s)
ABANDONED_AFTER = timedelta(seconds=60)
MAX_KEY_LENGTH = 255
IDEMPOTENT_ROUTES = frozenset(
    {
        "/v1/run/tasks",
        "/api/v1/tasks",
        "/api/v2/tasks",
        "/v1/browser_sessions",
        "/v1/browser_profiles",
        "/v1/upload_file",
    }
)
# request headers that change what a create request makes, so they are part of "the same request"
_SHAPING_HEADERS = (
    b"x-max-steps-override",
    b"x-max-iterations-override",
    b"x-user-agent",
)
HEADER_DESCRIPTION = (
    "Makes a retry safe: a request with a key seen in the last 24 hours (for this "
    "organization) and the same body answers the first request's status and body again "
    "(with `Idempotent-Replayed: true`) instead of creating another; the same key with "
    "another body, or while the first request is still being served, is refused with 409. "
    "A first request that failed (4xx, 5xx) keeps nothing: a retry runs again. "
    f"1 to {MAX_KEY_LENGTH} printable characters, e.g. a UUID."
)
KEY_PATTERN = "^[!-~]+$"  # printable ASCII without spaces
_KEY = re.compile(rf"^[!-~]{{1,{MAX_KEY_LENGTH}}}$")


def _header(scope: Scope, name: bytes) -> str | None:
    value: bytes
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def _canonical_body(body: bytes, content_type: str) -> bytes:
    if content_type.startswith("multipart/"):
        boundary = re.search(r"boundary=\"?([^\";]+)\"?", content_type)
        return body.replace(boundary.group(1).encode(), b"<boundary>") if boundary else body
    try:
        return json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        return body


def fingerprint(scope: Scope, body: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(f"{scope['method']} {scope['path'].rstrip('/')}\n".encode())
    for name in _SHAPING_HEADERS:
        digest.update(name + b"=" + (_header(scope, name) or "").encode() + b"\n")
    digest.update(_canonical_body(body, _header(scope, b"content-type") or ""))
    return digest.hexdigest()


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") != "POST"
            or scope.get("path", "").rstrip("/") not in IDEMPOTENT_ROUTES
        ):
            await self.app(scope, receive, send)
            return
        key = _header(scope, HEADER.encode())
        if key is None:
            await self.app(scope, receive, send)
            return
        if not _KEY.match(key):
            await send_json(
                send,
                400,
                detail_body(
                    f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable characters "
                    "without spaces"
                ),
            )
            return
        container: Container = scope["app"].state.container
        store: IdempotentRequests | None = getattr(container, "idempotent_requests", None)
        raw_key = (_header(scope, b"x-api-key") or "").strip()
        api_key = container.keys.authenticate(raw_key) if raw_key and store else None
        if api_key is None or store is None:  # no store here, or the route answers 401/403
            await self.app(scope, receive, send)
            return

        body, replay = await _read_body(receive)
        now = container.clock.now()
        claim = IdempotentRequest(
            organization_id=api_key.organization_id,
            key=key,
            fingerprint=fingerprint(scope, body),
            created_at=now,
            expires_at=now + KEEP_FOR,
        )
        held = store.claim(claim, abandoned_before=now - ABANDONED_AFTER)
        if held is not None:
            await _answer_held(send, held, claim)
            return

        start: Message = {}
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, replay, keep)
        except BaseException:  # the claim is let go, then re-raised
            _release(store, claim)
            raise
        status = int(start.get("status", 500))
        if 200 <= status < 300:
            content_type = dict(start.get("headers", ())).get(b"content-type", b"")
            store.answer(
                claim.organization_id,
                key,
                status,
                content_type.decode("latin-1") or "application/json",
                b"".join(chunks).decode("utf-8", "replace"),
            )
        else:
            _release(store, claim)


def _release(store: IdempotentRequests, claim: IdempotentRequest) -> None:
    """Frees the key of a request that failed; if even that fails, the claim is taken over
    once abandoned, and the request's own error is the one reported."""
    try:
        store.release(claim.organization_id, claim.key, claimed_at=claim.created_at)
    except Exception:
        log.exception("could not free Idempotency-Key of a failed request")


async def _read_body(receive: Receive) -> tuple[bytes, Receive]:
    """The whole request body, and a ``receive`` that hands it to the app once more."""
    parts: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(parts)
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


async def _answer_held(send: Send, held: IdempotentRequest, claim: IdempotentRequest) -> None:
    if held.fingerprint != claim.fingerprint:
        await send_json(
            send,
            409,
            detail_body(
                "This Idempotency-Key was already used with a different request; "
                "use a new key for a new request"
            ),
        )
    elif held.status_code is None or held.body is None:
        await send_json(
            send,
            409,
            detail_body(
                "A request with this Idempotency-Key is still being served; retry after it ends"
            ),
        )
    else:
        body = held.body.encode()
        await send(
            {
                "type": "http.response.start",
                "status": held.status_code,
                "headers": [
                    (b"content-type", (held.content_type or "application/json").encode()),
                    (b"content-length", str(len(body)).encode()),
                    (REPLAYED_HEADER.encode(), b"true"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
