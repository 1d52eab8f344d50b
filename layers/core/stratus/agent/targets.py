"""Access to the shared element locator and page-settle helpers (sync or async alike)."""

from __future__ import annotations

import inspect
from typing import Any

from .locate import ElementNotFound
from .locate import locate as _locate
from .page_settle import wait_for_settle as _wait_for_settle

__all__ = ["ElementNotFound", "locate_element", "settle"]


async def locate_element(page: Any, element_id: str) -> Any:
    found = _locate(page, element_id)
    return await found if inspect.isawaitable(found) else found


async def settle(page: Any, timeout_ms: int) -> None:
    """Give the page a bounded moment to finish loading and rendering; never raises."""
    try:
        result = _wait_for_settle(page, timeout_ms=timeout_ms)
        if inspect.isawaitable(result):
            await result
    except Exception:  # a page that never settles is still a page to read
        return
