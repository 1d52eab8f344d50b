"""One run's browser context: tracks the page the agent acts on."""

from __future__ import annotations

from typing import Any

from .browser_state import capture_state


class PlaywrightSession:
    """``page`` is the most recently opened page still open (new tabs and popups win)."""

    def __init__(self, context: Any, *, owns_context: bool = True) -> None:
        self._context = context
        self._pages: list[Any] = [p for p in context.pages if not p.is_closed()]
        self.owns_context = owns_context
        self.closed = False
        context.on("page", self._on_page)
        context.on("close", self._on_close)

    def _on_close(self, _context: Any) -> None:
        self.closed = True

    def _on_page(self, page: Any) -> None:
        self._pages.append(page)
        page.on("close", lambda _page: self._forget(page))

    def _forget(self, page: Any) -> None:
        if page in self._pages:
            self._pages.remove(page)

    @property
    def page(self) -> Any:
        open_pages = [p for p in self._pages if not p.is_closed()]
        if open_pages:
            return open_pages[-1]
        live = [p for p in self._context.pages if not p.is_closed()]
        return live[-1] if live else None

    @property
    def context(self) -> Any:
        return self._context

    async def ensure_page(self) -> Any:
        """The current page, opening a blank one when every page was closed."""
        page = self.page
        if page is None:
            page = await self._context.new_page()
            if page not in self._pages:
                self._pages.append(page)
        return page

    async def save_state(self) -> dict[str, Any]:
        return await capture_state(self._context, self.page)
