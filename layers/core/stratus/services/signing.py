"""Webhook bodies and signatures, byte for byte as the contract says.

- Body: compact JSON (``separators=(",", ":")``, ``ensure_ascii=False``), whole floats as
  integers. The bytes signed are the bytes sent.
- ``x-skyvern-signature``: lowercase hex HMAC-SHA256 of the body keyed with the API key.
- Standard Webhooks: ``webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{ts}.{body}">``,
  keyed with the organization's ``whsec_`` secret (the base64 after the prefix, decoded), as
  the specification and its libraries expect; it adds replay protection.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from typing import Any

WEBHOOK_SECRET_PREFIX = "whsec_"


def _integral_floats(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _integral_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_integral_floats(v) for v in value]
    return value


def compact_json(payload: Any) -> bytes:
    text = json.dumps(_integral_floats(payload), separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def skyvern_signature(api_key: str, body: bytes) -> str:
    return hmac.new(api_key.encode("utf-8"), body, hashlib.sha256).hexdigest()


def new_webhook_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return WEBHOOK_SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def webhook_secret_bytes(secret: str) -> bytes:
    """The key a ``whsec_`` secret stands for (the specification's rule)."""
    return base64.b64decode(secret.removeprefix(WEBHOOK_SECRET_PREFIX))


def standard_webhook_signature(key: str | bytes, msg_id: str, timestamp: int, body: bytes) -> str:
    """``key``: a ``whsec_`` secret (its decoded bytes sign), or raw key bytes."""
    if isinstance(key, str):
        key = (
            webhook_secret_bytes(key)
            if key.startswith(WEBHOOK_SECRET_PREFIX)
            else key.encode("utf-8")
        )
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(
    api_key: str, msg_id: str, timestamp: int, body: bytes, webhook_secret: str | None = None
) -> dict[str, str]:
    """``x-skyvern-signature`` keyed with the API key (the contract); ``webhook-signature``
    with the organization's ``whsec_`` secret (without one, the API key's bytes)."""
    return {
        "Content-Type": "application/json",
        "x-skyvern-timestamp": str(timestamp),
        "x-skyvern-signature": skyvern_signature(api_key, body),
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": standard_webhook_signature(
            webhook_secret or api_key.encode("utf-8"), msg_id, timestamp, body
        ),
    }
