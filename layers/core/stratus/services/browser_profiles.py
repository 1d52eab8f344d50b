"""Browser profiles: save a browser session's signed-in state, and start runs with it.

A profile is made from a browser session's saved state (its cookies and local storage,
never typed form values) or starts blank. The state is sealed at rest and opened only to
seed a new browser: a run or a browser session naming ``browser_profile_id`` gets the
profile's state written as its starting browser state, which the browser provider loads
into the new context (``storage_state``). Profiles belong to one organization: another
organization's id is not found (404), wherever it is named.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Protocol

from ..domain.browser_profiles import BrowserProfileRecord, blank_storage_state, storage_only
from ..domain.browser_sessions import BrowserSessionRecord, run_state_key, session_state_key
from ..domain.ids import is_id, new_id
from ..domain.models import Run
from ..ports import ArtifactStore, BrowserProfileStore, Clock, NotFound, SecretBox
from .errors import InvalidRequest, InvalidState, RunNotFound
from .profile_sealing import open_state, seal_state

FIELD = "browser_profile_id"
# The sealed state stays well within a DynamoDB item (400 KB) with room for the record.
MAX_SEALED_BYTES = 300_000


class BrowserProfileNotFound(NotFound):
    """No profile with that id in the caller's organization (HTTP 404)."""


class RunFinder(Protocol):
    def find_run(self, organization_id: str, any_id: str) -> Run | None: ...


class SessionOwner(Protocol):
    def owned(self, organization_id: str, browser_session_id: str) -> BrowserSessionRecord:
        """The organization's session; raises NotFound for another's or a missing one."""


class BrowserProfileService:
    def __init__(
        self,
        store: BrowserProfileStore,
        secrets: SecretBox,
        clock: Clock,
        state_store: ArtifactStore,
        *,
        sessions: SessionOwner | None = None,
        runs: RunFinder | None = None,
        id_factory: Callable[[str], str] = new_id,
    ) -> None:
        self._store = store
        self._secrets = secrets
        self._clock = clock
        self._state_store = state_store
        self._sessions = sessions
        self._runs = runs
        self._new_id = id_factory

    # -- the routes ---------------------------------------------------------------------
    def create(
        self,
        organization_id: str,
        *,
        name: str,
        description: str | None = None,
        browser_session_id: str | None = None,
        workflow_run_id: str | None = None,
        proxy_location: Any = None,
    ) -> BrowserProfileRecord:
        self._check_name_free(organization_id, name, None)
        if browser_session_id:
            storage = self._session_storage(organization_id, browser_session_id)
        elif workflow_run_id:
            storage = self._run_storage(organization_id, workflow_run_id)
        else:
            storage = blank_storage_state()
        sealed = seal_state(self._secrets, storage)
        if len(sealed) > MAX_SEALED_BYTES:
            raise InvalidRequest(
                f"browser_session_id: the session's cookies and storage are {len(sealed)} bytes "
                f"sealed, over the {MAX_SEALED_BYTES} a profile may hold",
                field="browser_session_id",
            )
        now = self._clock.now()
        record = BrowserProfileRecord(
            browser_profile_id=self._new_id("bp"),
            organization_id=organization_id,
            name=name,
            description=description,
            source_browser_session_id=browser_session_id or None,
            proxy_location=proxy_location,
            sealed_state=sealed,
            created_at=now,
            modified_at=now,
        )
        self._store.create_browser_profile(record)
        return record

    def get(self, organization_id: str, browser_profile_id: str) -> BrowserProfileRecord:
        return self._own(organization_id, browser_profile_id)

    def list(
        self,
        organization_id: str,
        *,
        page: int = 1,
        page_size: int = 10,
        include_deleted: bool = False,
        search_key: str | None = None,
    ) -> list[BrowserProfileRecord]:
        found = self._store.list_browser_profiles(organization_id, include_deleted=include_deleted)
        if search_key:
            needle = search_key.casefold()
            found = [
                r
                for r in found
                if needle in r.name.casefold() or needle in (r.description or "").casefold()
            ]
        start = (page - 1) * page_size
        return found[start : start + page_size]

    def update(
        self, organization_id: str, browser_profile_id: str, changes: dict[str, Any]
    ) -> BrowserProfileRecord:
        record = self._own(organization_id, browser_profile_id)
        allowed = {k: v for k, v in changes.items() if k in {"name", "description"}}
        if "proxy_location" in changes:
            allowed["proxy_location"] = changes["proxy_location"]
        if allowed.get("name") is not None:
            self._check_name_free(organization_id, allowed["name"], browser_profile_id)
        elif "name" in allowed:
            del allowed["name"]  # a profile always has a name
        if not allowed:
            return record
        return self._store.update_browser_profile(
            browser_profile_id, {**allowed, "modified_at": self._clock.now()}
        )

    def delete(self, organization_id: str, browser_profile_id: str) -> None:
        self._own(organization_id, browser_profile_id)
        now = self._clock.now()
        self._store.update_browser_profile(
            browser_profile_id, {"deleted_at": now, "modified_at": now}
        )

    # -- starting browsers with a profile -----------------------------------------------
    def storage_for(self, organization_id: str, browser_profile_id: str) -> dict[str, Any]:
        """The profile's cookies and local storage, opened; 404 for another's profile."""
        record = self._own(organization_id, browser_profile_id)
        return storage_only({"storage": open_state(self._secrets, record.sealed_state)})

    def seed_run(self, organization_id: str, run_id: str, browser_profile_id: str) -> None:
        """Write the profile's state as the run's starting browser state."""
        storage = self.storage_for(organization_id, browser_profile_id)
        state = {"storage": storage, "version": 0}
        self._state_store.put(run_state_key(run_id), json.dumps(state).encode(), "application/json")

    # -- helpers ------------------------------------------------------------------------
    def _own(self, organization_id: str, browser_profile_id: str) -> BrowserProfileRecord:
        record = None
        if is_id(browser_profile_id, "bp"):
            record = self._store.get_browser_profile(browser_profile_id)
        if record is None or record.organization_id != organization_id or record.deleted:
            raise BrowserProfileNotFound(f"browser profile {browser_profile_id} not found")
        return record

    def _check_name_free(self, organization_id: str, name: str, keep: str | None) -> None:
        for record in self._store.list_browser_profiles(organization_id):
            if record.name == name and record.browser_profile_id != keep:
                raise InvalidState(f"name: a browser profile named {name!r} already exists")

    def _session_storage(self, organization_id: str, browser_session_id: str) -> dict[str, Any]:
        if self._sessions is None:
            raise InvalidRequest(
                "browser_session_id: browser sessions are not available in this deployment",
                field="browser_session_id",
            )
        self._sessions.owned(organization_id, browser_session_id)  # 404 for another's
        saved = self._saved(session_state_key(browser_session_id))
        if saved is None:
            raise InvalidRequest(
                f"browser_session_id: browser session {browser_session_id} has no saved "
                "browser state yet; run a task in it first",
                field="browser_session_id",
            )
        return storage_only(saved)

    def _run_storage(self, organization_id: str, any_id: str) -> dict[str, Any]:
        run = None
        if self._runs is not None and 0 < len(any_id) <= 128:
            run = self._runs.find_run(organization_id, any_id)
        if run is None or run.organization_id != organization_id:
            raise RunNotFound(f"run {any_id} not found")
        session_id = run.browser_session_id or run.spec.browser_session_id
        key = session_state_key(session_id) if session_id else run_state_key(run.run_id)
        saved = self._saved(key)
        if saved is None:
            raise InvalidRequest(
                f"workflow_run_id: run {any_id} has no saved browser state",
                field="workflow_run_id",
            )
        return storage_only(saved)

    def _saved(self, key: str) -> dict[str, Any] | None:
        try:
            data, _ = self._state_store.get(key)
            saved = json.loads(data.decode())
        except (NotFound, ValueError):
            return None
        if not isinstance(saved, dict) or not isinstance(saved.get("storage"), dict):
            return None
        return saved
