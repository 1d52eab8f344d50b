"""What the built-in planner can do for a goal, and when it must hand over to a model."""

from __future__ import annotations

import re

NEEDS_MODEL = "this goal needs a language model"

_LOOKUPS = "find|look up|search|check|get|download|read|tell"
_BEYOND = [
    (r"\b(buy|purchase|add (it |them )?to (the )?cart|check ?out|place an order)\b", "buying"),
    (r"\bcompar(e|ing|ison)\b", "comparing"),
    (r"\b(cheapest|best|most expensive|highest rated|recommend)\b", "judging which is best"),
    (r"\b(book|reserve|schedule) (a|an|the)\b", "booking"),
    (rf"\b(log ?in|sign ?in)\b.*\b({_LOOKUPS})\b", "finding things behind a login"),
    (r"\b(summari[sz]e|translate|write an? (email|reply|review|post))\b", "writing"),
    (r"\b(navigate|browse|go through|explore) (to|the site|around)\b", "free navigation"),
]  # fmt: skip
_EXTRACT_RE = re.compile(
    r"\b(extract|scrape|collect|list (all|every|the)|get (all|every|the)|read (the|all)|"
    r"copy (the|all)|export|gather|pull (the|all))\b",
    re.IGNORECASE,
)


def beyond_builtin(goal: str, facts: dict[str, str] | None = None) -> str | None:
    """Why the goal is beyond rule-based filling and extraction, or None.

    The facts' keys and values are taken out first: 'Recommend: yes' is data, not a verb.
    """
    lowered = goal.lower()
    for key, value in (facts or {}).items():
        for text in (value, key):
            if text:
                lowered = lowered.replace(text.lower(), " ")
    for pattern, what in _BEYOND:
        if re.search(pattern, lowered):
            return f"{NEEDS_MODEL}: it asks for {what}, which the built-in planner does not do"
    return None


def wants_extraction(goal: str, extraction_goal: str | None, schema: object) -> bool:
    return bool(schema) or bool(extraction_goal) or bool(_EXTRACT_RE.search(goal or ""))


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_LIMIT_RE = re.compile(
    rf"\b(?:top|first|latest|newest|next)\s+(\d{{1,4}}|{'|'.join(_NUMBER_WORDS)})\b",
    re.IGNORECASE,
)


def row_limit(goal: str) -> int | None:
    """How many rows the goal asks for: 'the top 3 stories', 'the first five results'."""
    found = _LIMIT_RE.search(goal or "")
    if not found:
        return None
    count = found.group(1).lower()
    return int(count) if count.isdigit() else _NUMBER_WORDS[count]
