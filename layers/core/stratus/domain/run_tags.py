"""Tag changes on a run: deletes first, then sets (a key set and deleted at once stays set).

A grouped tag (``key`` given) holds one value per key; a standalone label (no key) is kept
once per value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from .models import RunTag

MAX_TAGS_PER_RUN = 50


@dataclass(frozen=True)
class TagChange:
    value: str | None = None
    key: str | None = None


class TooManyTags(ValueError):
    pass


def _deleted(tag: RunTag, deletes: Sequence[TagChange]) -> bool:
    for target in deletes:
        if target.key is not None and tag.key == target.key:
            return True
        if target.key is None and tag.key is None and tag.value == target.value:
            return True
    return False


def apply_tag_changes(
    current: Sequence[RunTag],
    sets: Sequence[TagChange],
    deletes: Sequence[TagChange],
    *,
    now: datetime,
    set_by: str,
) -> list[RunTag]:
    tags = [tag for tag in current if not _deleted(tag, deletes)]
    for change in sets:
        assert change.value is not None
        if change.key is not None:
            tags = [tag for tag in tags if tag.key != change.key]
        elif any(tag.key is None and tag.value == change.value for tag in tags):
            continue
        tags.append(RunTag(key=change.key, value=change.value, set_at=now, set_by=set_by))
    if len(tags) > MAX_TAGS_PER_RUN:
        raise TooManyTags(f"a run holds at most {MAX_TAGS_PER_RUN} tags")
    return tags
