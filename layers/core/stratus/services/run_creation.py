"""Creating runs: every check a request must pass, the rate token, a browser session's claim
or a profile's seed, then storing the run and starting it (or leaving it to admission)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from ..config import Settings
from ..domain.browser_sessions import BrowserSessionRecord
from ..domain.ids import new_id
from ..domain.models import ApiKey, Run
from ..domain.rate_limit import retry_after_header
from ..domain.run_commands import CallbackUrl, CreateRun, RunOrigin
from ..domain.status import Engine, RunStatus
from ..ports import (
    Clock,
    ModelCredentials,
    Orchestrator,
    RateLimiter,
    RunsStoredAtOnce,
    RunStore,
    SecretBox,
)
from .admission import Admission, Caps
from .egress_policy import EgressPolicy
from .errors import InvalidRequest, RateLimited
from .model_credentials import check_model_credentials
from .url_guard import UnsafeUrl, check_outbound_url

PROFILE_FIELD = "browser_profile_id"


class Lifecycle(Protocol):
    def cancel(self, run: Run) -> Run: ...

    def finish(
        self, run_id: str, status: RunStatus, *, failure_reason: str | None = None
    ) -> Run | None: ...


class EngineRequirements(Protocol):
    def missing_requirement(self, engine: Engine, model: str | None) -> str | None: ...

    def resolve_model(self, engine: Engine, requested: str | None) -> str: ...

    def model_setting(self, engine: Engine) -> str: ...

    @property
    def can_replay(self) -> bool: ...


class BrowserSessionClaims(Protocol):
    def claim(self, run: Run) -> BrowserSessionRecord:
        """Make the run its browser session's holder; raises InvalidRequest when it cannot."""


class ProfileSeeder(Protocol):
    def seed_run(self, organization_id: str, run_id: str, browser_profile_id: str) -> None:
        """Write the profile's state as the run's starting browser state; raises NotFound
        for a profile the organization does not have."""


class RunCreation:
    def __init__(
        self,
        store: RunStore,
        orchestrator: Orchestrator,
        lifecycle: Lifecycle,
        engines: EngineRequirements,
        clock: Clock,
        settings: Settings,
        *,
        id_factory: Callable[[str], str] = new_id,
        browser_sessions: BrowserSessionClaims | None = None,
        admission: Admission | None = None,
        rate_limiter: RateLimiter | None = None,
        browser_profiles: ProfileSeeder | None = None,
        secrets: SecretBox | None = None,
        model_credentials: ModelCredentials | None = None,
        stored_at_once: RunsStoredAtOnce | None = None,
    ) -> None:
        self._store = store
        # given only where starting a run needs no waiting either (the local worker)
        self._stored_at_once = stored_at_once
        self._engines = engines
        self._clock = clock
        self._settings = settings
        self._new_id = id_factory
        self._browser_sessions = browser_sessions
        self._browser_profiles = browser_profiles
        self._rate_limiter = rate_limiter  # None: run creation is not rate limited
        self._secrets = secrets  # seals what a run must keep secret (CDP connect headers)
        self._model_credentials = model_credentials  # None: not knowable in this process
        self._egress = EgressPolicy.build(
            allow_private=settings.private_urls_allowed, allowed=settings.browser_allowed_private
        )
        self._admission = admission or Admission(
            store=store, orchestrator=orchestrator, lifecycle=lifecycle, clock=clock, caps=Caps()
        )

    # creation: prepare (checks, the rate token, a browser session's claim; the run as it
    # will be stored), then store and start. create_* does both.

    @property
    def preparing_may_resolve_names(self) -> bool:
        """Whether preparing asks the system resolver about URLs' hosts (private addresses
        refused), which can take seconds; otherwise it reads and computes only."""
        return not self._settings.private_urls_allowed

    def create_run(self, key: ApiKey, command: CreateRun) -> Run:
        return self.store_and_start(self.prepare_run(key, command))

    def prepare_run(self, key: ApiKey, command: CreateRun) -> Run:
        self._check_callbacks(command.webhook, command.totp)
        origin = self._origin(
            key,
            max_steps_override=command.max_steps_override,
            max_iterations_override=command.max_iterations_override,
            user_agent=command.user_agent,
        )
        run = command.build(origin, self._new_id)
        if command.cdp_connect_headers:
            run = self._with_sealed_cdp_headers(run, command.cdp_connect_headers)
        return self._ready(run)

    def _with_sealed_cdp_headers(self, run: Run, headers: Mapping[str, str | None]) -> Run:
        field = "cdp_connect_headers"
        if not run.spec.browser_address:
            raise InvalidRequest(
                f"{field}: these headers are sent when connecting to browser_address; "
                "set browser_address too",
                field=field,
            )
        if self._secrets is None:
            raise InvalidRequest(
                f"{field}: this deployment cannot keep secrets for runs", field=field
            )
        kept = {name: value for name, value in headers.items() if value is not None}
        sealed = self._secrets.seal(json.dumps(kept))
        spec = run.spec.model_copy(update={"cdp_connect_headers_sealed": sealed})
        return run.model_copy(update={"spec": spec})

    def create_requested(
        self,
        organization_id: str,
        command: CreateRun,
        *,
        run_id: str,
        idempotency_key: str,
        reply_to: str | None = None,
    ) -> Run:
        """A run requested through EventBridge, SQS or a batch file for an organization,
        stored under ``run_id`` (Conflict if that run exists). It has no API key to sign a
        webhook with, so it reports through the "Run Finished" event instead."""
        if command.webhook is not None:
            field = command.webhook.field
            raise InvalidRequest(
                f"{field}: a requested run reports through the Run Finished event", field=field
            )
        self._check_callbacks(command.totp)
        origin = self._origin_for(organization_id, None)
        run_prefixes = ("tsk", "tsk_v2")

        def ids(prefix: str) -> str:
            return run_id if prefix in run_prefixes else self._new_id(prefix)

        run = command.build(origin, ids)
        requested = run.model_copy(
            update={"idempotency_key": idempotency_key, "reply_to": reply_to}
        )
        return self.store_and_start(self._ready(requested))

    def _origin(self, key: ApiKey, **limits: Any) -> RunOrigin:
        return self._origin_for(key.organization_id, key.key_id, **limits)

    def _origin_for(self, organization_id: str, api_key_id: str | None, **limits: Any) -> RunOrigin:
        org = self._store.get_organization(organization_id)
        return RunOrigin(
            organization_id=organization_id,
            api_key_id=api_key_id,
            now=self._clock.now(),
            default_max_steps=self._settings.default_max_steps,
            org_max_steps=org.max_steps_default if org else None,
            **limits,
        )

    def _check_callbacks(self, *callbacks: CallbackUrl | None) -> None:
        for callback in callbacks:
            if callback is not None:
                self._check_urls(**{callback.field: callback.url})

    def _check_urls(self, **urls: str | None) -> None:
        for field, url in urls.items():
            if url is None:
                continue
            try:
                check_outbound_url(url, allow_private=self._settings.private_urls_allowed)
            except UnsafeUrl as exc:
                raise InvalidRequest(f"{field}: {exc}", field=field) from None

    def _check_browser_targets(self, run: Run) -> None:
        """The start URL and a remote browser's address may not be private (unless allowed);
        everything the browser reaches later is checked again by its egress proxy."""
        targets = {"url": run.spec.url, "browser_address": run.spec.browser_address}
        for field, url in targets.items():
            if not url:
                continue
            try:
                self._egress.check_url(url)
            except UnsafeUrl as exc:
                raise InvalidRequest(f"{field}: {exc}", field=field) from None

    def _ready(self, run: Run) -> Run:
        """Everything before the run is stored; the run, queued, as it will be stored."""
        self._check_browser_targets(run)
        if run.run_with == "code" and not self._engines.can_replay:
            raise InvalidRequest(
                "run_with: replaying learned scripts is not available in this deployment",
                field="run_with",
            )
        allowed = self._settings.allowed_models
        if run.spec.model and allowed and run.spec.model not in allowed:
            raise InvalidRequest(
                f"model: {run.spec.model!r} is not one of the models this deployment allows "
                f"({', '.join(allowed)})",
                field="model",
            )
        missing = self._engines.missing_requirement(run.engine, run.spec.model)
        if missing:
            raise InvalidRequest(missing, field="engine")
        if run.run_with != "code":
            check_model_credentials(
                self._model_credentials, self._engines, run.engine, run.spec.model
            )
        self._check_profile_use(run)
        self._take_creation_token(run.organization_id)
        if run.spec.browser_profile_id and self._browser_profiles is not None:
            self._browser_profiles.seed_run(
                run.organization_id, run.run_id, run.spec.browser_profile_id
            )
        if run.browser_session_id:
            if self._browser_sessions is None:
                raise InvalidRequest(
                    "browser_session_id: browser sessions are not available in this deployment",
                    field="browser_session_id",
                )
            self._browser_sessions.claim(run)
        now = self._clock.now()
        capped = not self._admission.unlimited
        return run.model_copy(
            update={"status": RunStatus.queued, "queued_at": now, "awaiting_admission": capped}
        )

    def store_and_start(self, run: Run) -> Run:
        """Store a prepared run and start it (or leave it to admission, over a cap)."""
        self._store.create_run(run)
        return self._start_stored(run)

    def store_and_start_at_once(self, runs: Sequence[Run]) -> list[Run] | None:
        """``store_and_start`` of each run on the calling thread, stored in one transaction,
        if that needs no waiting; None, having done nothing, where it would wait (another
        writer holds the database, the store cannot tell, or a run waits for admission,
        which reads every active run). Conflict, having stored none, if any exists."""
        if self._stored_at_once is None or any(run.awaiting_admission for run in runs):
            return None
        if not self._stored_at_once.create_runs_at_once(runs):
            return None
        return [self._start_stored(run) for run in runs]

    def _start_stored(self, run: Run) -> Run:
        """Start a stored run, or leave it to admission; the run as it now is."""
        if run.awaiting_admission:
            self._admission.admit_waiting()  # oldest first: this run, if its turn has come
        elif self._admission.start(run) is not None:
            return run  # stored as it is; nothing here changed it since
        return self._store.get_run(run.run_id) or run  # admitted since, or failed to start

    def _check_profile_use(self, run: Run) -> None:
        """A profile starts the run's own browser: not a session's, nor a remote one."""
        if not run.spec.browser_profile_id:
            return
        if self._browser_profiles is None:
            raise InvalidRequest(
                f"{PROFILE_FIELD}: browser profiles are not available in this deployment",
                field=PROFILE_FIELD,
            )
        for other in ("browser_session_id", "browser_address"):
            if getattr(run.spec, other) or (
                other == "browser_session_id" and run.browser_session_id
            ):
                raise InvalidRequest(
                    f"{PROFILE_FIELD}: a run starts either from a browser profile or in "
                    f"{other}, not both (create the browser session with the profile instead)",
                    field=PROFILE_FIELD,
                )

    def _take_creation_token(self, organization_id: str) -> None:
        """One token of the organization's bucket per run created (after the request was
        found valid, before anything is claimed or stored)."""
        if self._rate_limiter is None:
            return
        wait = self._rate_limiter.take(organization_id)
        if wait > 0:
            seconds = retry_after_header(wait)
            raise RateLimited(
                f"Too many runs created: this organization may create another in {seconds}s",
                retry_after_seconds=seconds,
            )
