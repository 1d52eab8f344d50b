"""Dates written for people ('3 January 2026', 'Jan 3rd, 2026') as ISO dates for a schema
whose property has ``format: date``."""

from __future__ import annotations

import re
from datetime import datetime

_FORMATS = (
    "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%d.%m.%Y", "%A %d %B %Y",
    "%B %Y",
)  # fmt: skip
_DAY_SUFFIX = re.compile(r"(\d)(st|nd|rd|th)\b", re.IGNORECASE)


def iso_date(text: str) -> str | None:
    cleaned = _DAY_SUFFIX.sub(r"\1", text.replace(",", " "))
    cleaned = re.sub(r"\s+", " ", cleaned).strip().rstrip(".")
    for pattern in _FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date().isoformat()
        except ValueError:
            continue
    return None
