"""Whether a failed webhook attempt is worth another, and what the receiver asked for:
pure functions (the waits themselves are ``domain.webhook_schedule``)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRYABLE_STATUSES = frozenset({408, 425, 429}) | frozenset(range(500, 600))
MAX_RETRY_AFTER_SECONDS = 86_400.0  # a receiver can push the next attempt back a day at most


def should_retry(status_code: int | None, headers: dict[str, str] | None = None) -> bool:
    """Network errors (None), 5xx, 408, 425, 429, and 403 that came from a proxy."""
    if status_code is None or status_code in RETRYABLE_STATUSES:
        return True
    lowered = {k.lower() for k in (headers or {})}
    return status_code == 403 and bool(lowered & {"via", "x-squid-error", "proxy-status"})


def retry_after_seconds(headers: dict[str, str], now: datetime) -> float | None:
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER_SECONDS)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - now).total_seconds(), 0.0), MAX_RETRY_AFTER_SECONDS)
