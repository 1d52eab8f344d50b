"""Data saved page by page, merged into one partial output.

A run that stops early (step limit, deadline, a failure) still returns what it read.
Objects merge key by key, lists under the same key concatenate, later scalars win;
anything else comes back as the list of what each page gave.
"""

from __future__ import annotations

from typing import Any


def merge_partial(extractions: list[Any]) -> Any:
    found = [e for e in extractions if e is not None]
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    if all(isinstance(e, dict) for e in found):
        merged: dict[str, Any] = {}
        for page in found:
            for key, value in page.items():
                if isinstance(value, list) and isinstance(merged.get(key), list):
                    merged[key] = [*merged[key], *value]
                elif value is not None or key not in merged:
                    merged[key] = value
        return merged
    if all(isinstance(e, list) for e in found):
        return [item for page in found for item in page]
    return found
