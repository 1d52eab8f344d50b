"""Which runs a listing keeps: statuses, run types, a search text and tags, all optional."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Run
from .status import RunStatus


@dataclass(frozen=True)
class TagFilter:
    """``value`` alone matches a standalone label or any key's value; with ``key``, only that
    key's value."""

    value: str
    key: str | None = None

    @classmethod
    def parse(cls, text: str) -> TagFilter:
        """``env:prod`` (grouped) or ``urgent`` (a label)."""
        key, sep, value = text.partition(":")
        return cls(value=value, key=key) if sep and key else cls(value=text.lstrip(":"))

    def matches(self, run: Run) -> bool:
        return any(
            tag.value == self.value and (self.key is None or tag.key == self.key)
            for tag in run.tags
        )


@dataclass(frozen=True)
class RunQuery:
    statuses: frozenset[RunStatus] | None = None
    run_types: frozenset[str] | None = None
    search: str | None = None
    tags: tuple[TagFilter, ...] = ()

    @property
    def filters_beyond_status(self) -> bool:
        return bool(self.run_types or self.search or self.tags)

    def matches(self, run: Run) -> bool:
        if self.statuses is not None and run.status not in self.statuses:
            return False
        if self.run_types is not None and run.run_type.value not in self.run_types:
            return False
        if self.search and not _mentions(run, self.search):
            return False
        return all(tag.matches(run) for tag in self.tags)


def _mentions(run: Run, text: str) -> bool:
    """Case-insensitive substring of the run's id, title, goal, start URL or workflow-run id."""
    needle = text.casefold()
    fields = (run.run_id, run.workflow_run_id, run.title, run.spec.goal, run.spec.url)
    return any(needle in value.casefold() for value in fields if value)
