"""Which option of a list a wanted value names: the select and custom-dropdown handlers' rule."""

from __future__ import annotations

import difflib

from ..domain.snapshot import SelectOption


def match_option(options: list[SelectOption], wanted: str) -> SelectOption | None:
    """An option by exact value, then label (case-insensitive), containment, closeness.

    At each of those, an enabled option wins over a disabled one; a disabled option comes
    back only when nothing enabled matches as well (the caller refuses it).
    """
    key = wanted.strip().casefold()
    for test in (
        lambda o: o.value == wanted,
        lambda o: o.text.strip().casefold() == key,
        lambda o: o.value.casefold() == key,
        lambda o: key and key in o.text.casefold(),
        lambda o: o.text.strip() and o.text.strip().casefold() in key,
    ):
        found = [o for o in options if test(o)]
        if found:
            return next((o for o in found if not o.disabled), found[0])
    for pool in ([o for o in options if not o.disabled], options):
        labels = [o.text.strip().casefold() for o in pool]
        close = difflib.get_close_matches(key, labels, n=1, cutoff=0.6)
        if close:
            return pool[labels.index(close[0])]
    return None
