"""How an error is told in a reason: its first line, which says what went wrong."""

from __future__ import annotations


def first_line(error: BaseException) -> str:
    """The error's first line; its type's name when it says nothing."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
