"""Paging headers of the listings: the match count, the next page's number and link."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from ...contract.run_list import paging_headers
from ...services.run_listing import RunPage

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
