"""Ports to browsers: a run's browser context and who provides it, a remote Chromium's
DevTools endpoint, and the stores of persistent browser sessions and profiles.
Re-exported by ``ports``, where services import them from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from .domain.browser_profiles import BrowserProfileRecord
from .domain.browser_sessions import BrowserSessionCondition, BrowserSessionRecord
from .domain.models import Run

if TYPE_CHECKING:  # the API process never imports Playwright
    from playwright.async_api import BrowserContext, Page


@runtime_checkable
class BrowserSession(Protocol):
    """One run's browser context. ``page`` is the Playwright page the agent acts on."""

    @property
    def page(self) -> Page | None:
        """The page the agent acts on; None when every page of the context was closed."""

    @property
    def context(self) -> BrowserContext: ...

    async def save_state(self) -> dict[str, Any]:
        """Cookies, storage, URL, form values, scroll: enough to restore a cold browser."""


class BrowserProvider(Protocol):
    async def session_for(self, run: Run) -> BrowserSession:
        """The run's session: reused when warm, restored from saved state when cold."""

    async def release(self, run_id: str, *, final: bool) -> None:
        """Save state (not final) or close the run's context (final)."""

    async def close(self) -> None: ...


@runtime_checkable
class SessionBrowserProvider(BrowserProvider, Protocol):
    """A provider that also keeps persistent browser sessions' contexts (Playwright's)."""

    async def close_session(self, browser_session_id: str) -> None:
        """Close a browser session's context for good."""


@dataclass(frozen=True)
class CdpEndpoint:
    """Where a remote Chromium's DevTools protocol is reached, and the headers to send."""

    url: str  # http(s):// of the DevTools server or ws(s):// of the browser's socket
    headers: Mapping[str, str] = field(default_factory=dict)


class RemoteBrowserEndpoints(Protocol):
    """A browser outside the step's process, kept alive across steps for one run."""

    async def endpoint(self, run: Run) -> CdpEndpoint:
        """The run's browser, started on first use and the same one on every later call."""

    async def release(self, run_id: str) -> None:
        """The run is over: stop its browser (nothing when it never had one)."""


class BrowserSessionStore(Protocol):
    """Persistent browser sessions (``stratus.domain.browser_sessions``)."""

    def create_browser_session(self, record: BrowserSessionRecord) -> None:
        """Insert a new session; raises Conflict if the id exists."""

    def get_browser_session(self, browser_session_id: str) -> BrowserSessionRecord | None: ...

    def list_active_browser_sessions(self, organization_id: str) -> list[BrowserSessionRecord]:
        """The organization's running sessions, newest first."""

    def update_browser_session(
        self,
        browser_session_id: str,
        changes: Mapping[str, Any],
        condition: BrowserSessionCondition | None = None,
    ) -> BrowserSessionRecord | None:
        """Apply ``changes`` if ``condition`` holds, atomically; None when it did not hold.

        Raises NotFound when there is no such session. ``modified_at`` is set by the caller.
        """


class BrowserProfileStore(Protocol):
    """Browser profiles (``stratus.domain.browser_profiles``), their state kept sealed."""

    def create_browser_profile(self, record: BrowserProfileRecord) -> None:
        """Insert a new profile; raises Conflict if the id exists."""

    def get_browser_profile(self, browser_profile_id: str) -> BrowserProfileRecord | None:
        """The profile, deleted ones included; None when there is no such id."""

    def list_browser_profiles(
        self, organization_id: str, *, include_deleted: bool = False
    ) -> list[BrowserProfileRecord]:
        """The organization's profiles, newest first."""

    def update_browser_profile(
        self, browser_profile_id: str, changes: Mapping[str, Any]
    ) -> BrowserProfileRecord:
        """Apply ``changes`` (field -> value) and return the profile; raises NotFound."""
