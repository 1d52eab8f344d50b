"""Where the agent may navigate: web pages only.

The URL of a ``goto_url`` comes from a model that reads page text, so a page could ask for
``file:///...`` (local files, the process environment) and have the data extracted. Only
http(s) pages are opened; a path is resolved against the current page.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

WEB_SCHEMES = ("http", "https")


class NavigationRefused(ValueError):
    """The URL is not an http(s) page."""


def web_url(url: str, current: str | None = None) -> str:
    text = url.strip()
    if text.startswith("/") and current:
        text = urljoin(current, text)
    if urlsplit(text).scheme.lower() not in WEB_SCHEMES:
        raise NavigationRefused(f"refusing to open {url!r}: only http and https pages are opened")
    return text
