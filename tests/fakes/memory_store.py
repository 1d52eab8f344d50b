"""An in-memory RunStore: the fake that passes the same contract suite as the adapters."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from stratus.domain.conditions import condition_holds
from stratus.domain.models import ApiKey, Organization, Run, Step, TotpCode, WebhookAttempt
from stratus.domain.status import ApiFamily, RunStatus
from stratus.domain.webhook_schedule import webhook_due_at
from stratus.ports import Conflict, NotFound, RunCondition

_ACTIVE = {RunStatus.created, RunStatus.queued, RunStatus.running}


class InMemoryRunStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.orgs: dict[str, Organization] = {}
        self.keys: dict[str, ApiKey] = {}
        self.runs: dict[str, Run] = {}
        self.steps: dict[str, Step] = {}
        self.codes: list[TotpCode] = []
        self.attempts: list[WebhookAttempt] = []

    def create_organization(self, org: Organization) -> None:
        self.orgs[org.organization_id] = org

    def get_organization(self, organization_id: str) -> Organization | None:
        return self.orgs.get(organization_id)

    def put_api_key(self, key: ApiKey) -> None:
        self.keys[key.key_id] = key

    def find_api_key_by_digest(self, digest: str) -> ApiKey | None:
        return next((k for k in self.keys.values() if k.digest == digest), None)

    def get_api_key(self, key_id: str) -> ApiKey | None:
        return self.keys.get(key_id)

    def list_api_keys(self, organization_id: str | None = None) -> list[ApiKey]:
        keys = [k for k in self.keys.values() if organization_id in (None, k.organization_id)]
        return sorted(keys, key=lambda k: (k.created_at, k.key_id))

    def _change_key(self, key_id: str, change: Any) -> ApiKey | None:
        with self._lock:
            key = self.keys.get(key_id)
            if key is None:
                return None
            self.keys[key_id] = key.model_copy(update=change(key))
            return self.keys[key_id]

    def revoke_api_key(self, key_id: str, at: datetime) -> ApiKey | None:
        return self._change_key(key_id, lambda k: k.revoked_changes(at))

    def expire_api_key(self, key_id: str, at: datetime) -> ApiKey | None:
        return self._change_key(key_id, lambda k: k.expired_changes(at))

    def mark_api_key_used(self, key_id: str, at: datetime) -> None:
        self._change_key(key_id, lambda k: k.used_changes(at))

    def create_run(self, run: Run) -> None:
        with self._lock:
            if run.run_id in self.runs:
                raise Conflict(run.run_id)
            self.runs[run.run_id] = run.model_copy(deep=True)

    def get_run(self, run_id: str) -> Run | None:
        run = self.runs.get(run_id)
        return run.model_copy(deep=True) if run else None

    def find_run(self, organization_id: str, any_id: str) -> Run | None:
        for run in self.runs.values():
            if run.organization_id == organization_id and any_id in (
                run.run_id,
                run.workflow_run_id,
            ):
                return run.model_copy(deep=True)
        return None

    def list_runs(
        self,
        organization_id: str,
        *,
        page: int,
        page_size: int,
        api_families: frozenset[ApiFamily] | None = None,
        statuses: frozenset[RunStatus] | None = None,
    ) -> list[Run]:
        runs = [
            r
            for r in self.runs.values()
            if r.organization_id == organization_id
            and (api_families is None or r.api_family in api_families)
            and (statuses is None or r.status in statuses)
        ]
        runs.sort(key=lambda r: (r.created_at, r.run_id), reverse=True)
        start = (page - 1) * page_size
        return [r.model_copy(deep=True) for r in runs[start : start + page_size]]

    def update_run(
        self, run_id: str, changes: Mapping[str, Any], condition: RunCondition | None = None
    ) -> Run | None:
        with self._lock:
            run = self.runs.get(run_id)
            if run is None:
                raise NotFound(run_id)
            if not condition_holds(run, condition):
                return None
            updated = Run.model_validate({**run.model_dump(), **changes})
            self.runs[run_id] = updated
            return updated.model_copy(deep=True)

    def list_active_run_ids(self, *, limit: int = 100) -> list[str]:
        runs = sorted(
            (r for r in self.runs.values() if r.status in _ACTIVE), key=lambda r: r.created_at
        )
        return [r.run_id for r in runs[:limit]]

    def list_active_runs(self, *, limit: int = 100) -> list[Run]:
        runs = sorted(
            (r for r in self.runs.values() if r.status in _ACTIVE),
            key=lambda r: (r.created_at, r.run_id),
        )
        return [r.model_copy(deep=True) for r in runs[:limit]]

    def list_pending_webhook_run_ids(
        self, *, due_by: datetime | None = None, limit: int = 100
    ) -> list[str]:
        waiting = [(due, r.run_id) for r in self.runs.values() if (due := webhook_due_at(r))]
        if due_by is not None:
            waiting = [(due, run_id) for due, run_id in waiting if due <= due_by]
        return [run_id for _, run_id in sorted(waiting)][:limit]

    def put_step(self, step: Step) -> None:
        self.steps[step.step_id] = step.model_copy(deep=True)

    def list_steps(self, run_id: str) -> list[Step]:
        steps = [s for s in self.steps.values() if s.run_id == run_id]
        return sorted(steps, key=lambda s: (s.order, s.retry_index))

    def add_totp_code(self, code: TotpCode) -> None:
        self.codes.append(code)

    def find_totp_codes(
        self, organization_id: str, totp_identifier: str, *, created_after: datetime
    ) -> list[TotpCode]:
        found = [
            c
            for c in self.codes
            if c.organization_id == organization_id
            and c.totp_identifier == totp_identifier
            and c.created_at > created_after
        ]
        return sorted(found, key=lambda c: c.created_at, reverse=True)

    def add_webhook_attempt(self, attempt: WebhookAttempt) -> None:
        self.attempts.append(attempt)

    def list_webhook_attempts(self, run_id: str) -> list[WebhookAttempt]:
        return [a for a in self.attempts if a.run_id == run_id]
