"""Browser profiles (``bp_...``): a browser's signed-in state kept for later runs.

A profile holds the cookies and local storage of a browser (Playwright's storage state),
never what was typed into fields. The state is kept sealed (``sealed_state``); only the
profile service opens it. Deleting a profile is soft: ``deleted_at`` is set and the
profile can no longer be read or used.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from .models import DomainModel, utcnow

MAX_NAME_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 2000


class BrowserProfileRecord(DomainModel):
    browser_profile_id: str
    organization_id: str
    name: str
    description: str | None = None
    source_browser_session_id: str | None = None
    proxy_location: Any = None
    sealed_state: str  # the storage state, sealed (see services.profile_sealing)
    created_at: datetime = Field(default_factory=utcnow)
    modified_at: datetime = Field(default_factory=utcnow)
    deleted_at: datetime | None = None

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


def blank_storage_state() -> dict[str, Any]:
    """The storage state of a browser that has seen nothing."""
    return {"cookies": [], "origins": []}


def storage_only(state: Any) -> dict[str, Any]:
    """Cookies and each origin's local storage from a saved browser state, nothing else
    (not the URL, typed form values or session storage)."""
    storage = state.get("storage") if isinstance(state, dict) else None
    if not isinstance(storage, dict):
        return blank_storage_state()
    cookies = storage.get("cookies")
    origins = storage.get("origins")
    return {
        "cookies": [c for c in cookies if isinstance(c, dict)] if isinstance(cookies, list) else [],
        "origins": [
            {"origin": o.get("origin"), "localStorage": list(o.get("localStorage") or [])}
            for o in (origins if isinstance(origins, list) else [])
            if isinstance(o, dict) and isinstance(o.get("origin"), str)
        ],
    }
