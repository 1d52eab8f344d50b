"""Choosing among options: select options, radio buttons, checkboxes."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from .phrases import option_by_words, option_for_amount
from .text import norm, words

TRUE_WORDS = {"yes", "y", "true", "1", "on", "checked", "agree", "accept", "i do", "sure"}
FALSE_WORDS = {"no", "n", "false", "0", "off", "unchecked", "disagree", "decline", "none"}
_PLACEHOLDER_RE = re.compile(r"^(select|choose|pick|please select|please choose|--|-)\b|^$")
_CONSENT_RE = re.compile(r"\b(agree|accept|consent|terms|privacy|acknowledge|certify)\b")


def truthiness(value: str) -> bool | None:
    text = norm(value)
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


def is_placeholder(text: str, value: str | None) -> bool:
    return value == "" or bool(_PLACEHOLDER_RE.match(norm(text)))


def is_consent(label: str) -> bool:
    return bool(_CONSENT_RE.search(norm(label)))


def best_option(value: str, options: Sequence[tuple[str, str | None]]) -> int | None:
    """Index of the option (text, value) that best fits the wanted value, or None.

    Exact text or value first, then yes/no meaning, then word containment, then a
    number inside an option's range, then close spelling, then the most shared words.
    """
    wanted = norm(value)
    if not wanted:
        return None
    candidates = [
        (index, norm(text), norm(raw or ""))
        for index, (text, raw) in enumerate(options)
        if not is_placeholder(text, raw)
    ]
    for index, text, raw in candidates:
        if wanted in (text, raw):
            return index
    truth = truthiness(value)
    if truth is not None:
        for index, text, raw in candidates:
            if truthiness(text) is truth or truthiness(raw) is truth:
                return index
    wanted_words = set(words(value))
    contained = [
        index
        for index, text, _ in candidates
        if text and (wanted_words <= set(text.split()) or set(text.split()) <= wanted_words)
    ]
    if len(contained) == 1:
        return contained[0]
    texts = [options[index][0] for index, _, _ in candidates]
    in_range = option_for_amount(value, texts)
    if in_range is not None:
        return candidates[in_range][0]
    scored = [
        (difflib.SequenceMatcher(None, wanted, text).ratio(), index)
        for index, text, _ in candidates
    ]
    scored.sort(reverse=True)
    if scored and scored[0][0] >= 0.75 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return scored[0][1]
    by_words = option_by_words(value, texts)
    return None if by_words is None else candidates[by_words][0]


def split_choices(value: str) -> list[str]:
    """'Python, SQL and Go' -> ['Python', 'SQL', 'Go'] for checkbox sets."""
    parts = re.split(r"\s*(?:,|;|/|\band\b|&)\s*", value)
    return [p.strip() for p in parts if p.strip()]
