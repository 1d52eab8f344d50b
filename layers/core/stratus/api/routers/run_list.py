"""``GET /v1/runs``: the organization's runs of every family, newest first, filtered by
status, run type, a search text and tags; the match count and next page in headers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from ...contract.responses import RunListItemObject
from ...contract.run_list import (
    RunStatusName,
    RunTypeName,
    run_list_item_payload,
    stratus_statuses,
)
from ...domain.run_query import RunQuery, TagFilter
from ..auth import CurrentKey
from ..deps import Runs, with_trailing_slash
from .paging import PAGING_HEADERS_DOC, PageNumber, PageSize, set_paging_headers

router = APIRouter(tags=["runs"])

MAX_SEARCH = 500
MAX_TAG_FILTERS = 20

Statuses = Annotated[
    list[RunStatusName] | None,
    Query(max_length=10, description="Keep runs in any of these statuses."),
]


@with_trailing_slash(
    router.get,
    "/v1/runs",
    summary="List runs of every kind, newest first",
    responses={200: {"model": list[RunListItemObject], "headers": PAGING_HEADERS_DOC}},
)
def list_runs(
    request: Request,
    response: Response,
    key: CurrentKey,
    runs: Runs,
    page: PageNumber = 1,
    page_size: PageSize = 10,
    status: Statuses = None,
    search_key: Annotated[
        str | None,
        Query(
            max_length=MAX_SEARCH,
            description="Case-insensitive text in the run's id, title, prompt or URL.",
        ),
    ] = None,
    run_type: Annotated[list[RunTypeName] | None, Query(max_length=8)] = None,
    tag: Annotated[
        list[str] | None,
        Query(
            max_length=MAX_TAG_FILTERS,
            description="Keep runs with every tag given: `key:value` or a bare label.",
        ),
    ] = None,
) -> list[dict[str, Any]]:
    query = RunQuery(
        statuses=stratus_statuses(list(status) if status else None),
        run_types=frozenset(run_type) if run_type else None,
        search=search_key.strip() or None if search_key else None,
        tags=tuple(TagFilter.parse(text) for text in tag or ()),
    )
    found = runs.list_page(key.organization_id, query, page=page, page_size=page_size)
    set_paging_headers(request, response, found)
    return [run_list_item_payload(run) for run in found.runs]
