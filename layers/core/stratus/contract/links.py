"""Links to the run viewer: the one place that says where a run's page is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

VIEWER_PATH = "/ui/"

AppUrlFor = Callable[[str], str | None]


def run_app_url(base_url: str | None, run_id: str) -> str | None:
    """``<base_url>/ui/runs/<run_id>``; None when the deployment does not know its address."""
    if not base_url:
        return None
    return f"{base_url.rstrip('/')}{VIEWER_PATH}runs/{quote(run_id, safe='')}"


def recording_url(run: Any, url_for: Callable[[str], str]) -> str | None:
    """A run's ``recording_url``: the signed link to its recording's playlist (the videos
    of its steps in order, see ``services.recordings``); None before anything was recorded."""
    key = getattr(run, "recording_key", None)
    return url_for(key) if key else None


def app_url_for(base_url: str | None) -> AppUrlFor:
    return lambda run_id: run_app_url(base_url, run_id)


def no_app_url(_: str) -> None:
    return None
