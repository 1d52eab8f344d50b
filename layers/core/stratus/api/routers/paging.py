"""Paging headers of the listings: the match count, the next page's number and link."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request, Response

from ...contract.run_list import paging_headers
from ...services.run_listing import RunPage
from ...services.runs import MAX_PAGE_SIZE

MAX_PAGE = 1_000_000  # well past any real listing, and inside the store's integers

# a listing's page number and page size as query parameters
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE)]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]

PAGING_HEADERS_DOC: dict[str, Any] = {
    "x-total-count": {
        "description": "How many items match the filters, over every page.",
        "schema": {"type": "integer"},
    },
    "x-next-page": {
        "description": "The next page's number; absent on the last page.",
        "schema": {"type": "integer"},
    },
    "link": {
        "description": 'The next page\'s URL as `<url>; rel="next"`; absent on the last page.',
        "schema": {"type": "string"},
    },
}


def set_paging_headers(request: Request, response: Response, found: RunPage) -> None:
    next_url = None
    if found.next_page is not None:
        next_url = str(request.url.include_query_params(page=found.next_page))
    response.headers.update(paging_headers(found.total, found.next_page, next_url))
