"""Opening a run's start URL: once, before its first step, in one place for every engine."""

from __future__ import annotations

from typing import Any

from ..domain.error_text import first_line
from ..domain.models import Run
from .lease_heartbeat import LeaseNotRenewed


class StartUrlUnreachable(Exception):
    """The run's start URL could not be opened."""


BLANK_PAGES = ("", "about:blank")


async def open_start_url(run: Run, session: Any) -> None:
    """Open the start URL once, before the first step, in one place for every engine."""
    page = getattr(session, "page", None)
    url = run.spec.url
    if page is None or not url or run.step_count > 0:
        return
    current = page.url or ""
    if current not in BLANK_PAGES and not current.startswith("chrome-error://"):
        return
    try:
        await page.goto(url, wait_until="domcontentloaded", timeout=30_000)
    except Exception as exc:  # any navigation error: told as the run's reason
        raise StartUrlUnreachable(f"could not open the start URL {url}: {first_line(exc)}") from exc


def describe_error(exc: BaseException) -> str:
    if isinstance(exc, StartUrlUnreachable | LeaseNotRenewed):  # their text is the reason
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
