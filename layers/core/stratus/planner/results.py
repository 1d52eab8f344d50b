"""Reading the outcome of a submitted form: the site's success or error message."""

from __future__ import annotations

import re
from typing import Any

_ERROR_TEXT = re.compile(
    r"\b(error|errors|invalid|required|must|failed|failure|incorrect|not valid|please (enter|"
    r"provide|fill|correct|select|check)|already|cannot|can't|unable|wrong|too (short|long)|"
    r"declined|rejected|denied|missing|problem)\b",
    re.IGNORECASE,
)
_ERROR_HINT = re.compile(r"error|invalid|danger|alert|fail|warning", re.IGNORECASE)
_SUCCESS_TEXT = re.compile(
    r"\b(thank you|thanks|success|successfully|submitted|received|confirmed|confirmation|"
    r"complete|completed|welcome|done|saved|registered|applied|sent)\b",
    re.IGNORECASE,
)
_SUCCESS_HINT = re.compile(r"success|confirm|thank|done|complete", re.IGNORECASE)


def error_messages(reading: dict[str, Any]) -> list[str]:
    """Visible messages that say the site rejected something, most telling first."""
    found: list[str] = []
    for message in reading.get("messages") or []:
        text, hint = message.get("text", ""), message.get("hint", "")
        if _SUCCESS_HINT.search(hint) and not _ERROR_TEXT.search(text):
            continue
        if _ERROR_TEXT.search(text) or _ERROR_HINT.search(hint):
            _add(found, text)
    for invalid in reading.get("invalid") or []:
        field, message = invalid.get("field") or "", invalid.get("message") or ""
        if message:
            _add(found, f"{field}: {message}" if field else message)
    return found


def success_message(reading: dict[str, Any]) -> str | None:
    for message in reading.get("messages") or []:
        text: str = message.get("text", "")
        hint: str = message.get("hint", "")
        if (_SUCCESS_TEXT.search(text) or _SUCCESS_HINT.search(hint)) and not _ERROR_TEXT.search(
            text
        ):
            return text
    heading: str
    for heading in reading.get("headings") or []:
        if _SUCCESS_TEXT.search(heading):
            return heading
    return None


def page_summary(reading: dict[str, Any]) -> str:
    headings = reading.get("headings") or []
    return headings[0] if headings else str(reading.get("title") or "")


def _add(found: list[str], text: str) -> None:
    text = text.strip()
    if text and not any(text in other or other in text for other in found):
        found.append(text)
