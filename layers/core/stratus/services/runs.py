"""Use cases behind the HTTP routes: create, read, list, cancel runs; steps; webhook resends."""

from __future__ import annotations

import builtins
import logging
from typing import TYPE_CHECKING, Any, Protocol

from ..config import Settings
from ..domain.models import Run, Step, WebhookAttempt
from ..domain.run_query import RunQuery
from ..domain.run_tags import TagChange, TooManyTags, apply_tag_changes
from ..domain.status import ApiFamily, Engine, RunStatus
from ..ports import Clock, Orchestrator, RunStore
from .errors import InvalidRequest, InvalidState, RunNotFound
from .run_creation import (
    EngineRequirements,
    Lifecycle,
    RunCreation,
)
from .run_listing import RunPage, list_page

if TYPE_CHECKING:
    from .webhooks import WebhookReport

log = logging.getLogger(__name__)

MAX_PAGE_SIZE = 100


class WebhookResender(Protocol):
    async def retry(self, run: Run) -> WebhookReport: ...


MAX_ID_LENGTH = 128


def _page_size(page: int, page_size: int) -> int:
    """The page size used (at most ``MAX_PAGE_SIZE``); 4xx for a page or size below 1."""
    if page < 1 or page_size < 1:
        raise InvalidRequest("page and page_size must be at least 1", field="page")
    return min(page_size, MAX_PAGE_SIZE)


class RunService(RunCreation):
    """Create (see ``RunCreation``), read, list, cancel and tag runs; resend webhooks."""

    def __init__(
        self,
        store: RunStore,
        lifecycle: Lifecycle,
        orchestrator: Orchestrator,
        engines: EngineRequirements,
        clock: Clock,
        settings: Settings,
        *,
        webhooks: WebhookResender | None = None,
        **creation: Any,  # RunCreation's keyword arguments
    ) -> None:
        super().__init__(store, orchestrator, lifecycle, engines, clock, settings, **creation)
        self._lifecycle = lifecycle
        self.webhooks = webhooks

    # reading

    def get(self, organization_id: str, any_id: str) -> Run:
        """A run of the organization by run id or workflow-run id; another's is not found."""
        # ids are short; a long one is unknown (and would exceed DynamoDB's key size)
        plausible = bool(any_id) and len(any_id) <= MAX_ID_LENGTH
        run = self._store.find_run(organization_id, any_id) if plausible else None
        if run is None or run.organization_id != organization_id:
            raise RunNotFound(f"run {any_id} not found")
        return run

    def get_v2_task(self, organization_id: str, any_id: str) -> Run:
        run = self.get(organization_id, any_id)
        if run.engine is not Engine.skyvern_v2 or run.workflow_run_id is None:
            raise RunNotFound(f"v2 task {any_id} not found")
        return run

    def list(
        self,
        organization_id: str,
        *,
        page: int = 1,
        page_size: int = 10,
        api_families: frozenset[ApiFamily] | None = None,
        statuses: frozenset[RunStatus] | None = None,
    ) -> list[Run]:
        return self._store.list_runs(
            organization_id,
            page=page,
            page_size=_page_size(page, page_size),
            api_families=api_families,
            statuses=statuses,
        )

    def list_page(
        self,
        organization_id: str,
        query: RunQuery,
        *,
        page: int = 1,
        page_size: int = 10,
        api_families: frozenset[ApiFamily] | None = None,
    ) -> RunPage:
        """A page of the organization's runs that match ``query``, with the match count."""
        return list_page(
            self._store,
            organization_id,
            query,
            page=page,
            page_size=_page_size(page, page_size),
            api_families=api_families,
        )

    def webhook_attempts(self, organization_id: str, any_id: str) -> builtins.list[WebhookAttempt]:
        """Every delivery of the run's webhook, oldest first."""
        run = self.get(organization_id, any_id)
        return self._store.list_webhook_attempts(run.run_id)

    def steps(self, organization_id: str, any_id: str) -> builtins.list[Step]:
        run = self.get(organization_id, any_id)
        return self._store.list_steps(run.run_id)

    # changes

    def cancel(self, organization_id: str, any_id: str) -> Run:
        return self._lifecycle.cancel(self.get(organization_id, any_id))

    def cancel_many(
        self, organization_id: str, any_ids: builtins.list[str]
    ) -> tuple[builtins.list[str], builtins.list[str]]:
        """Cancel each run; (canceled, not canceled) in the order asked, ids as given."""
        canceled: list[str] = []
        refused: list[str] = []
        for any_id in dict.fromkeys(any_ids):
            try:
                self.cancel(organization_id, any_id)
            except (RunNotFound, InvalidState):
                refused.append(any_id)
            else:
                canceled.append(any_id)
        return canceled, refused

    def change_tags(
        self,
        organization_id: str,
        any_id: str,
        *,
        sets: builtins.list[TagChange],
        deletes: builtins.list[TagChange],
        set_by: str,
    ) -> Run:
        run = self.get(organization_id, any_id)
        try:
            tags = apply_tag_changes(run.tags, sets, deletes, now=self._clock.now(), set_by=set_by)
        except TooManyTags as exc:
            raise InvalidRequest(f"tags: {exc}", field="tags") from None
        updated = self._store.update_run(run.run_id, {"tags": tags})
        return updated or run

    def runs_by_ids(self, organization_id: str, any_ids: builtins.list[str]) -> dict[str, Run]:
        """The organization's runs among the ids (others silently absent), keyed as asked."""
        found: dict[str, Run] = {}
        for any_id in dict.fromkeys(any_ids):
            try:
                found[any_id] = self.get(organization_id, any_id)
            except RunNotFound:
                continue
        return found

    async def retry_webhook(
        self, organization_id: str, any_id: str, *, target_url: str | None = None
    ) -> tuple[Run, WebhookReport]:
        run = self.get(organization_id, any_id)
        if self.webhooks is None:
            raise InvalidRequest("webhooks are not available in this deployment")
        target = run
        if target_url:
            self._check_urls(webhook_url=target_url)
            target = run.model_copy(update={"webhook_url": target_url})
        return run, await self.webhooks.retry(target)
