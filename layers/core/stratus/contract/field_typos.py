"""Unknown body fields: ignored (newer clients send fields Stratus does not know), unless one
is a near miss of a known field (``webhookurl``, ``max_step``): that is a mistake, refused
with the field it probably meant."""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar

# Where the names of ignored fields go during a request (the API's middleware sets a list
# and reports it in a response header); None outside a request.
IGNORED_FIELDS: ContextVar[list[str] | None] = ContextVar("ignored_fields", default=None)
MAX_RECORDED = 20


def _normalized(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def edit_distance(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours (optimal string
    alignment distance)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def allowed_distance(name: str) -> int:
    """Short names get one slip, longer ones two (``url`` vs ``uri`` is one)."""
    return 1 if len(name) <= 6 else 2


def near_miss(name: str, known: Iterable[str]) -> str | None:
    """The known field ``name`` most likely misspells, or None when it is just unknown."""
    best: tuple[int, str] | None = None
    for candidate in known:
        if _normalized(name) == _normalized(candidate):
            return candidate
        distance = edit_distance(name.lower(), candidate.lower())
        if distance <= allowed_distance(candidate) and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None


def sort_unknown(names: Iterable[str], known: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """(misspelled name -> the known field, ignored names) of the body's unknown names."""
    known = list(known)
    misspelled: dict[str, str] = {}
    ignored: list[str] = []
    for name in names:
        guess = near_miss(name, known)
        if guess is None:
            ignored.append(name)
        else:
            misspelled[name] = guess
    return misspelled, ignored


def record_ignored(names: Iterable[str]) -> None:
    sink = IGNORED_FIELDS.get()
    if sink is None:
        return
    for name in names:
        if len(sink) >= MAX_RECORDED:
            return
        if name[:64] not in sink:
            sink.append(name[:64])
