"""One run's browser context: tracks the page the agent acts on."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from ..domain.page_restore import PageRestore
from .browser_state import capture_state

if TYPE_CHECKING:
    from playwright.async_api import BrowserContext, Page, Request


class PlaywrightSession:
    """``page`` is the most recently opened page still open (new tabs and popups win).

    It remembers the method of each page's last main-frame navigation, so a saved state
    knows when its page was a form's answer that a GET cannot bring back.
    """

    def __init__(self, context: BrowserContext, *, owns_context: bool = True) -> None:
        self._context = context
        self._pages: list[Page] = []
        self._methods: dict[Page, str] = {}
        self.owns_context = owns_context
        self.closed = False
        self.restore: PageRestore | None = None  # set by the provider on a cold restore
        self.journal: Any = None  # the running step's action journal, set by the execution
        for page in context.pages:
            if not page.is_closed():
                self._track(page)
        context.on("page", self._on_page)
        context.on("close", self._on_close)

    def _on_close(self, _context: BrowserContext) -> None:
        self.closed = True

    def _on_page(self, page: Page) -> None:
        self._track(page)

    def _track(self, page: Page) -> None:
        if page in self._pages:
            return
        self._pages.append(page)
        page.on("close", lambda _page: self._forget(page))
        page.on("request", lambda request: self._on_request(page, request))

    def _on_request(self, page: Page, request: Request) -> None:
        with contextlib.suppress(Exception):  # a request of a closed page: no method
            if request.is_navigation_request() and request.frame == page.main_frame:
                self._methods[page] = request.method

    def _forget(self, page: Page) -> None:
        if page in self._pages:
            self._pages.remove(page)
        self._methods.pop(page, None)

    @property
    def page(self) -> Page | None:
        open_pages = [p for p in self._pages if not p.is_closed()]
        if open_pages:
            return open_pages[-1]
        live = [p for p in self._context.pages if not p.is_closed()]
        return live[-1] if live else None

    @property
    def context(self) -> BrowserContext:
        return self._context

    def take_restore(self) -> PageRestore | None:
        """What the last cold restore brought back, reported once."""
        restore, self.restore = self.restore, None
        return restore

    async def ensure_page(self) -> Page:
        """The current page, opening a blank one when every page was closed."""
        page = self.page
        if page is None:
            page = await self._context.new_page()
            self._track(page)
        return page

    async def save_state(self) -> dict[str, Any]:
        page = self.page
        return await capture_state(
            self._context,
            page,
            navigation_method=self._methods.get(page) if page is not None else None,
            open_pages=sum(1 for p in self._pages if not p.is_closed()),
        )
