"""Persistent browser sessions (``pbs_...``): a browser kept alive between runs.

A session is used by one run at a time. The run holding it is ``runnable_id``; a holder
that has finished no longer holds it (the next claim may take it over), so a crashed
worker never leaves a session stuck. Statuses use the wire values of the Skyvern API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import Field

from .models import DomainModel, utcnow

MIN_TIMEOUT_MINUTES = 5
MAX_TIMEOUT_MINUTES = 240
DEFAULT_TIMEOUT_MINUTES = 60
MAX_LIFETIME_MINUTES = 360  # extensions may take a session this far from its start


class BrowserSessionStatus(StrEnum):
    running = "running"
    completed = "completed"  # closed by its owner
    timeout = "timeout"  # closed because its timeout passed

    @property
    def is_final(self) -> bool:
        return self is not BrowserSessionStatus.running


class BrowserSessionRecord(DomainModel):
    browser_session_id: str
    organization_id: str
    status: BrowserSessionStatus = BrowserSessionStatus.running
    url: str | None = None
    timeout_minutes: int = DEFAULT_TIMEOUT_MINUTES
    proxy_location: Any = None
    browser_profile_id: str | None = None  # the profile its browser started with
    runnable_type: str | None = None  # "task" | "workflow_run"
    runnable_id: str | None = None  # the run holding the session
    claimed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    completed_at: datetime | None = None
    modified_at: datetime = Field(default_factory=utcnow)

    @property
    def expires_at(self) -> datetime:
        """The timeout counts from the start (from creation until then)."""
        return (self.started_at or self.created_at) + timedelta(minutes=self.timeout_minutes)

    def expired(self, now: datetime) -> bool:
        return self.status is BrowserSessionStatus.running and now >= self.expires_at


@dataclass(frozen=True)
class BrowserSessionCondition:
    """A condition for a conditional write to a session; every part given must hold.

    - ``status_in``: the session's status is one of these.
    - ``runnable_in``: the session's ``runnable_id`` is one of these (None allowed).
    """

    status_in: frozenset[BrowserSessionStatus] | None = None
    runnable_in: frozenset[str | None] | None = None

    def holds(self, record: BrowserSessionRecord) -> bool:
        if self.status_in is not None and record.status not in self.status_in:
            return False
        return self.runnable_in is None or record.runnable_id in self.runnable_in


def run_state_key(run_id: str) -> str:
    """Where a run's own browser state is saved between steps."""
    return f"state/{run_id}.json"


def closed_session_state(previous: Any) -> dict[str, Any]:
    """The saved state of a closed session: marked closed (no browser reopens it), its
    cookies and storage kept so that a browser profile can still be made from it."""
    state: dict[str, Any] = {"closed": True}
    if isinstance(previous, dict) and isinstance(previous.get("storage"), dict):
        state["storage"] = previous["storage"]
    return state


def session_state_key(browser_session_id: str) -> str:
    """Where the session's browser state is saved (cookies, storage, URL, form values)."""
    return f"state/session/{browser_session_id}.json"
