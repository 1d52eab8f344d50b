"""Finding where a 2FA code goes on a page and typing it there."""

from __future__ import annotations

from typing import Any

from ..domain.snapshot import ElementInfo, PageSnapshot

_CODE_WORDS = (
    "one-time",
    "otp",
    "totp",
    "2fa",
    "mfa",
    "verification",
    "verify",
    "passcode",
    "security code",
    "auth",
    "code",
    "token",
    "pin",
)
_TEXT_TYPES = {None, "", "text", "number", "tel", "password"}
TYPE_TIMEOUT_MS = 5_000


def _is_text_input(element: ElementInfo) -> bool:
    return element.tag == "input" and (element.type or "").lower() in _TEXT_TYPES


def _score(element: ElementInfo) -> int:
    if element.attrs.get("autocomplete") == "one-time-code":
        return 100
    haystack = " ".join(
        [element.name, *(element.attrs.get(k, "") for k in ("name", "id", "placeholder"))]
    ).lower()
    return sum(10 for word in _CODE_WORDS if word in haystack)


def find_code_fields(snapshot: PageSnapshot) -> list[ElementInfo]:
    """The input(s) for a code: one field, or a row of one-digit boxes in page order."""
    inputs = [e for e in snapshot.elements if _is_text_input(e) and not e.disabled]
    digit_boxes = [e for e in inputs if e.attrs.get("maxlength") == "1"]
    if len(digit_boxes) >= 4:
        return digit_boxes
    scored = sorted(((s, e) for e in inputs if (s := _score(e)) > 0), key=lambda p: -p[0])
    if scored:
        return [scored[0][1]]
    return inputs[:1] if len(inputs) == 1 else []


async def type_code(locators: list[Any], code: str) -> None:
    """Type the whole code into one field, or one character per box."""
    if len(locators) == 1:
        await locators[0].fill("", timeout=TYPE_TIMEOUT_MS)
        await locators[0].press_sequentially(code, timeout=TYPE_TIMEOUT_MS)
        return
    chars = [c for c in code if c.isalnum()]  # "123 456" / "123-456": separators take no box
    for locator, char in zip(locators, chars, strict=False):
        await locator.fill(char, timeout=TYPE_TIMEOUT_MS)
