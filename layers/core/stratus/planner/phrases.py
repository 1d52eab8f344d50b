"""A free phrase against a list of options: 'about 30 staff' -> '10 - 49 people',
'a server in the cloud' -> 'Managed cloud server'. Used when no option is named outright."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .text import words

_FILLER = {
    "a", "an", "the", "my", "our", "for", "of", "to", "and", "or", "with", "around", "about",
    "roughly", "approximately", "some", "i", "we", "need", "want", "would", "like", "please",
}  # fmt: skip
_AMOUNT_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([km])?\b", re.IGNORECASE)
_BELOW_RE = re.compile(r"\b(under|less than|below|up to|fewer than|max|maximum|<)\s*[$£€]?\d")
_ABOVE_RE = re.compile(r"(\d\s*[km]?\s*\+|\b(over|more than|above|at least|min|minimum|>)\s*\S*\d)")


def amounts(text: str) -> list[float]:
    """The numbers written in a text, with k/m multipliers: '5k to 8,000' -> [5000, 8000]."""
    found = []
    for number, unit in _AMOUNT_RE.findall(text.replace("\u2009", "")):
        value = float(number.replace(",", ""))
        value *= {"k": 1e3, "m": 1e6}.get(unit.lower(), 1)
        found.append(value)
    return found


def option_range(text: str) -> tuple[float, float] | None:
    """The range of numbers an option covers: 'Fewer than 10 people' -> (-inf, 10)."""
    numbers = amounts(text)
    lowered = text.lower()
    if len(numbers) >= 2:
        return (min(numbers[:2]), max(numbers[:2]))
    if len(numbers) == 1:
        if _BELOW_RE.search(lowered):
            return (float("-inf"), numbers[0])
        if _ABOVE_RE.search(lowered):
            return (numbers[0], float("inf"))
    return None


def option_for_amount(value: str, options: Sequence[str]) -> int | None:
    """The one option whose numeric range holds the single number in ``value``."""
    numbers = amounts(value)
    if len(numbers) != 1:
        return None
    ranges = [option_range(text) for text in options]
    holding = [
        index
        for index, bounds in enumerate(ranges)
        if bounds is not None and bounds[0] <= numbers[0] <= bounds[1]
    ]
    return holding[0] if len(holding) == 1 else None


def _word_match(a: str, b: str) -> bool:
    """Same word, or one holds the other as a part ('workshop' and 'shop')."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and (long_.endswith(short) or long_.startswith(short))


def option_by_words(value: str, options: Sequence[str]) -> int | None:
    """The option sharing the most meaningful words with the phrase, when it is the only one."""
    wanted = [w for w in words(value) if w not in _FILLER]
    if not wanted:
        return None
    scores = []
    for index, text in enumerate(options):
        have = [w for w in words(text) if w not in _FILLER]
        shared = sum(any(_word_match(w, h) for h in have) for w in wanted)
        scores.append((shared, index))
    scores.sort(reverse=True)
    if scores and scores[0][0] > 0 and (len(scores) == 1 or scores[1][0] < scores[0][0]):
        return scores[0][1]
    return None
