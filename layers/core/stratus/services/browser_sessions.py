"""Persistent browser sessions: create, read, list, close, expire, and hand one to a run.

A session serves one run at a time. A run naming a session that another unfinished run
holds is refused when it is created (400 naming ``browser_session_id``) rather than queued
behind it: the caller learns at once, and a queued run can never wait on a session that
times out underneath it. The holder is released lazily: once its run has finished (or, for
a claim whose run was never stored, after ``claim_grace``), the next claim takes over.
Sessions past their timeout are marked ``timeout`` whenever they are looked at.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, Protocol

from ..domain.browser_sessions import (
    DEFAULT_TIMEOUT_MINUTES,
    MAX_LIFETIME_MINUTES,
    BrowserSessionCondition,
    BrowserSessionRecord,
    BrowserSessionStatus,
    closed_session_state,
    session_state_key,
)
from ..domain.ids import is_id, new_id
from ..domain.models import Run
from ..domain.status import ApiFamily
from ..ports import ArtifactStore, BrowserSessionStore, Clock, NotFound
from .egress_policy import EgressPolicy
from .errors import InvalidRequest
from .url_guard import UnsafeUrl

log = logging.getLogger(__name__)

FIELD = "browser_session_id"
RUNNING = frozenset({BrowserSessionStatus.running})
MAX_CLAIM_ATTEMPTS = 5


class BrowserSessionNotFound(NotFound):
    """No session with that id in the caller's organization (HTTP 404)."""


class RunLookup(Protocol):
    def get_run(self, run_id: str) -> Run | None: ...


SessionCloser = Callable[[str], Awaitable[None]]


class BrowserSessionService:
    def __init__(
        self,
        store: BrowserSessionStore,
        runs: RunLookup,
        clock: Clock,
        *,
        state_store: ArtifactStore | None = None,
        close_browser: SessionCloser | None = None,
        claim_grace: timedelta = timedelta(seconds=60),
        id_factory: Callable[[str], str] = new_id,
        egress: EgressPolicy | None = None,
    ) -> None:
        self._store = store
        self._runs = runs
        self._clock = clock
        self._state_store = state_store
        self._close_browser = close_browser
        self._claim_grace = claim_grace
        self._new_id = id_factory
        self._egress = egress or EgressPolicy.build(allow_private=True)
        self._to_close: set[str] = set()  # ended sessions whose browser is still to close

    # -- the routes ---------------------------------------------------------------------
    def create(
        self,
        organization_id: str,
        *,
        url: str | None = None,
        timeout_minutes: int | None = None,
        proxy_location: Any = None,
        browser_profile_id: str | None = None,
        storage: dict[str, Any] | None = None,
    ) -> BrowserSessionRecord:
        """Locally the session starts at once; its browser opens on first use, at ``url``,
        with ``storage`` (a browser profile's cookies and local storage) when given."""
        if url:
            try:
                self._egress.check_url(url)  # as a run's start URL: refused here, not later
            except UnsafeUrl as exc:
                raise InvalidRequest(f"url: {exc}", field="url") from None
        now = self._clock.now()
        record = BrowserSessionRecord(
            browser_session_id=self._new_id("pbs"),
            organization_id=organization_id,
            url=url,
            timeout_minutes=timeout_minutes or DEFAULT_TIMEOUT_MINUTES,
            proxy_location=proxy_location,
            browser_profile_id=browser_profile_id,
            created_at=now,
            started_at=now,
            modified_at=now,
        )
        start: dict[str, Any] = {"url": url} if url else {}
        if storage is not None:
            start["storage"] = storage
        if start and self._state_store is not None:
            state = json.dumps(start).encode()
            self._state_store.put(
                session_state_key(record.browser_session_id), state, "application/json"
            )
        self._store.create_browser_session(record)
        return record

    async def get(self, organization_id: str, browser_session_id: str) -> BrowserSessionRecord:
        record = self._current(self._own(organization_id, browser_session_id))
        await self.close_ended_browsers()
        return record

    async def list_active(self, organization_id: str) -> list[BrowserSessionRecord]:
        current = [
            self._current(r) for r in self._store.list_active_browser_sessions(organization_id)
        ]
        await self.close_ended_browsers()
        return [r for r in current if r.status is BrowserSessionStatus.running]

    async def close(self, organization_id: str, browser_session_id: str) -> BrowserSessionRecord:
        """Close the session and its browser; closing an ended session changes nothing."""
        record = self._current(self._own(organization_id, browser_session_id))
        if record.status is BrowserSessionStatus.running:
            record = self._end(record, BrowserSessionStatus.completed) or self._current(
                self._own(organization_id, browser_session_id)
            )
        self._to_close.add(browser_session_id)
        await self.close_ended_browsers()
        return record

    async def extend(
        self, organization_id: str, browser_session_id: str, minutes: int
    ) -> BrowserSessionRecord:
        """Add minutes to a running session's deadline, up to a lifetime of
        MAX_LIFETIME_MINUTES from its start (a longer ask is granted the remainder)."""
        record = self._current(self._own(organization_id, browser_session_id))
        await self.close_ended_browsers()
        if record.status is not BrowserSessionStatus.running:
            raise InvalidRequest(
                f"browser_session_id: session {browser_session_id} has ended "
                f"({record.status.value}); only a running session can be extended",
                field="browser_session_id",
            )
        timeout = min(record.timeout_minutes + minutes, MAX_LIFETIME_MINUTES)
        updated = self._store.update_browser_session(
            browser_session_id,
            {"timeout_minutes": timeout, "modified_at": self._clock.now()},
            BrowserSessionCondition(status_in=RUNNING),
        )
        return updated or self._reread(record)

    async def close_ended_browsers(self) -> None:
        """Close the browsers of sessions found ended since the last call."""
        while self._to_close:
            browser_session_id = self._to_close.pop()
            if self._state_store is not None:  # a cold browser then refuses to restore it
                key = session_state_key(browser_session_id)
                closed = json.dumps(closed_session_state(self._saved(key))).encode()
                self._state_store.put(key, closed, "application/json")
            if self._close_browser is None:
                continue
            try:
                await self._close_browser(browser_session_id)
            except Exception:  # the session is closed either way
                log.exception("closing the browser of session %s failed", browser_session_id)

    def owned(self, organization_id: str, browser_session_id: str) -> BrowserSessionRecord:
        """The organization's session, as it is now; raises BrowserSessionNotFound."""
        return self._current(self._own(organization_id, browser_session_id))

    def _saved(self, key: str) -> Any:
        assert self._state_store is not None
        try:
            data, _ = self._state_store.get(key)
            return json.loads(data.decode())
        except (NotFound, KeyError, ValueError):
            return None

    # -- runs ---------------------------------------------------------------------------
    def claim(self, run: Run) -> BrowserSessionRecord:
        """Make ``run`` the session's holder, or raise InvalidRequest naming the field."""
        browser_session_id = run.browser_session_id or run.spec.browser_session_id or ""
        if run.spec.browser_address:
            raise InvalidRequest(
                f"{FIELD}: a run uses either a browser session or browser_address, not both",
                field=FIELD,
            )
        for _ in range(MAX_CLAIM_ATTEMPTS):
            record = self._claimable(run, browser_session_id)
            holder = record.runnable_id
            claimed = self._store.update_browser_session(
                browser_session_id,
                {
                    "runnable_id": run.run_id,
                    "runnable_type": "workflow_run" if run.api_family is ApiFamily.v2 else "task",
                    "claimed_at": self._clock.now(),
                    "modified_at": self._clock.now(),
                },
                BrowserSessionCondition(status_in=RUNNING, runnable_in=frozenset({holder})),
            )
            if claimed is not None:
                return claimed
        raise InvalidRequest(
            f"{FIELD}: browser session {browser_session_id} is busy; try again", field=FIELD
        )

    def _claimable(self, run: Run, browser_session_id: str) -> BrowserSessionRecord:
        try:
            record = self._current(self._own(run.organization_id, browser_session_id))
        except BrowserSessionNotFound:
            raise InvalidRequest(
                f"{FIELD}: no browser session {browser_session_id!r}; create one with "
                "POST /v1/browser_sessions",
                field=FIELD,
            ) from None
        if record.status is not BrowserSessionStatus.running:
            raise InvalidRequest(
                f"{FIELD}: browser session {browser_session_id} has ended "
                f"({record.status.value}); create a new one",
                field=FIELD,
            )
        if record.runnable_id not in (None, run.run_id):
            raise InvalidRequest(
                f"{FIELD}: browser session {browser_session_id} is in use by run "
                f"{record.runnable_id}; start this run when that one has finished",
                field=FIELD,
            )
        return record

    # -- helpers ------------------------------------------------------------------------
    def _own(self, organization_id: str, browser_session_id: str) -> BrowserSessionRecord:
        record = None
        if is_id(browser_session_id, "pbs"):
            record = self._store.get_browser_session(browser_session_id)
        if record is None or record.organization_id != organization_id:
            raise BrowserSessionNotFound(f"browser session {browser_session_id} not found")
        return record

    def _current(self, record: BrowserSessionRecord) -> BrowserSessionRecord:
        """The record with a passed timeout applied and a finished holder let go."""
        if record.expired(self._clock.now()):
            ended = self._end(record, BrowserSessionStatus.timeout)
            self._to_close.add(record.browser_session_id)
            return ended or self._reread(record)
        if record.runnable_id is not None and not self._holder_active(record):
            released = self._store.update_browser_session(
                record.browser_session_id,
                {
                    "runnable_id": None,
                    "runnable_type": None,
                    "claimed_at": None,
                    "modified_at": self._clock.now(),
                },
                BrowserSessionCondition(runnable_in=frozenset({record.runnable_id})),
            )
            return released or self._reread(record)
        return record

    def _reread(self, record: BrowserSessionRecord) -> BrowserSessionRecord:
        return self._store.get_browser_session(record.browser_session_id) or record

    def _holder_active(self, record: BrowserSessionRecord) -> bool:
        assert record.runnable_id is not None
        run = self._runs.get_run(record.runnable_id)
        if run is not None:
            return not run.is_terminal
        claimed_at = record.claimed_at or record.modified_at
        return self._clock.now() < claimed_at + self._claim_grace

    def _end(
        self, record: BrowserSessionRecord, status: BrowserSessionStatus
    ) -> BrowserSessionRecord | None:
        now = self._clock.now()
        return self._store.update_browser_session(
            record.browser_session_id,
            {"status": status, "completed_at": now, "modified_at": now},
            BrowserSessionCondition(status_in=RUNNING),
        )
