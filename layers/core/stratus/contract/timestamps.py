"""A response's moment: ``utc_text``, or null."""

from __future__ import annotations

from datetime import datetime

from ..domain.utc import utc_text


def timestamp(value: datetime | None) -> str | None:
    return None if value is None else utc_text(value)
