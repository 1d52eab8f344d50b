"""An organization's runs, newest first, filtered by a ``RunQuery``, one page at a time, with
the number of matches and whether another page follows.

The store filters by family and status (its own indexes); run type, search text and tags
are kept here while reading the store's pages in order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..domain.models import Run
from ..domain.run_query import RunQuery
from ..domain.status import ApiFamily
from ..ports import RunStore

READ_CHUNK = 100


@dataclass(frozen=True)
class RunPage:
    runs: list[Run]
    page: int
    page_size: int
    total: int

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page * self.page_size < self.total else None


def _matching(
    store: RunStore,
    organization_id: str,
    query: RunQuery,
    api_families: frozenset[ApiFamily] | None,
) -> Iterator[Run]:
    chunk = 1
    while True:
        runs = store.list_runs(
            organization_id,
            page=chunk,
            page_size=READ_CHUNK,
            api_families=api_families,
            statuses=query.statuses,
        )
        yield from (run for run in runs if query.matches(run))
        if len(runs) < READ_CHUNK:
            return
        chunk += 1


def list_page(
    store: RunStore,
    organization_id: str,
    query: RunQuery,
    *,
    page: int,
    page_size: int,
    api_families: frozenset[ApiFamily] | None = None,
) -> RunPage:
    """The page's runs and the total count of matches (every match is read to count them)."""
    if query.statuses is not None and not query.statuses:  # only statuses no run has
        return RunPage(runs=[], page=page, page_size=page_size, total=0)
    start = (page - 1) * page_size
    kept: list[Run] = []
    total = 0
    for run in _matching(store, organization_id, query, api_families):
        if start <= total < start + page_size:
            kept.append(run)
        total += 1
    return RunPage(runs=kept, page=page, page_size=page_size, total=total)
