"""The one text form of a moment: UTC, ISO 8601, microseconds always present, a ``Z``."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_text(value: datetime) -> str:
    """Fixed width (so text order is time order); naive values are taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    v = value.astimezone(UTC)
    # built by hand: strftime's %Y does not zero-pad years before 1000 on every platform
    return (
        f"{v.year:04d}-{v.month:02d}-{v.day:02d}T{v.hour:02d}:{v.minute:02d}:{v.second:02d}"
        f".{v.microsecond:06d}Z"
    )
