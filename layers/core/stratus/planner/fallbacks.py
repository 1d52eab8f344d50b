"""Second choices a goal gives for a value: "try a@x.example first; if the site rejects
it, use b@y.example". The planner tries the second after the site rejects the first."""

from __future__ import annotations

import itertools
import re

_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_FALLBACK_CUE = re.compile(
    r"\b(if (it|that|this|the (form|site|page))\s+(is\s+)?(refuses?|rejects?|fails?|"
    r"(does not|doesn't|won't|will not) (accept|take)|not accepted|rejected|refused)|"
    r"otherwise|or else|failing that|fall ?back|instead)\b",
    re.IGNORECASE,
)


def fallback_values(goal: str) -> dict[str, str]:
    """First value -> the value to use if it is refused (emails, in the goal's order)."""
    found = list(_EMAIL_RE.finditer(goal or ""))
    out: dict[str, str] = {}
    for first, second in itertools.pairwise(found):
        if _FALLBACK_CUE.search(goal[first.end() : second.start()]):
            out[first.group(0).rstrip(".")] = second.group(0).rstrip(".")
    return out


def with_fallbacks(facts: dict[str, str], taken: dict[str, str]) -> dict[str, str]:
    """The facts with every value in ``taken`` (refused value -> second choice) replaced."""
    return {key: taken.get(value, value) for key, value in facts.items()}
