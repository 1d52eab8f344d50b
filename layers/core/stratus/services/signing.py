"""Webhook bodies and signatures, byte for byte as the contract says.

- Body: compact JSON (``separators=(",", ":")``, ``ensure_ascii=False``), whole floats as
  integers. The bytes signed are the bytes sent.
- ``x-skyvern-signature``: lowercase hex HMAC-SHA256 of the body keyed with the API key.
- Standard Webhooks: ``webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{ts}.{body}">``,
  keyed with the same API key bytes, which adds replay protection.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any


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


def standard_webhook_signature(api_key: str, msg_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(api_key.encode("utf-8"), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(api_key: str, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "x-skyvern-timestamp": str(timestamp),
        "x-skyvern-signature": skyvern_signature(api_key, body),
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": standard_webhook_signature(api_key, msg_id, timestamp, body),
    }
