"""Small text helpers shared by fact parsing, field matching and extraction."""

from __future__ import annotations

import re

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9@]+")


def words(text: str | None) -> list[str]:
    """Lower-case word tokens: ``firstName`` / ``first_name`` / ``First name*`` -> first, name."""
    if not text:
        return []
    spaced = _CAMEL.sub(" ", text)
    return [w for w in _NON_WORD.split(spaced.lower()) if w]


def norm(text: str | None) -> str:
    return " ".join(words(text))


def squash(text: str | None) -> str:
    """Letters and digits only: ``E-mail`` and ``email`` compare equal."""
    return re.sub(r"[^a-z0-9]", "", (text or "").lower())


def clean_space(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()
