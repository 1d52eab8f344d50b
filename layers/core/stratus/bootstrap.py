"""The composition root: the only place that names concrete adapters.

``build_container`` wires the local (embedded) or the AWS set of adapters from settings.
Heavy parts (the browser, litellm, the engines) are created lazily on first use, so the
API process never imports Playwright.
"""

from __future__ import annotations

import importlib
import importlib.util
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from .config import Settings
from .contract.links import app_url_for
from .domain.webhook_schedule import RetrySchedule
from .ports import LLM, Engine, LLMReply, LLMRequest, NoMetrics, RateLimiter
from .services.admission import Admission, Caps
from .services.clock import SystemClock
from .services.egress_policy import EgressPolicy
from .services.engines import BUILTIN, REPLAY, EngineRegistry
from .services.keys import KeyService
from .services.lifecycle import RunLifecycle
from .services.recordings import RecordingService
from .services.totp import TotpService, VerificationCodeSource
from .services.webhooks import WebhookService

# engine key -> "module:Class" (built lazily; missing modules mean "not available")
ENGINE_CLASSES = {
    "skyvern-1.0": "stratus.agent.step_agent:StepAgent",
    BUILTIN: "stratus.planner.engine:BuiltinPlanner",
    "skyvern-2.0": "stratus.engines.v2:PlannerEngine",
    "openai-cua": "stratus.engines.cua:OpenAICuaEngine",
    "anthropic-cua": "stratus.engines.cua:AnthropicCuaEngine",
    "ui-tars": "stratus.engines.cua:UiTarsEngine",
}


def _load(path: str) -> Any:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def _available(path: str) -> bool:
    try:
        return importlib.util.find_spec(path.partition(":")[0]) is not None
    except ModuleNotFoundError:
        return False


class LazyLLM:
    """Imports litellm only when a model is first called."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._llm: LLM | None = None

    async def complete(self, request: LLMRequest) -> LLMReply:
        if self._llm is None:
            cls = _load("stratus.adapters.litellm_llm:LiteLLM")
            self._llm = cls(max_retries=self._settings.llm_max_retries)
        return await self._llm.complete(request)


@dataclass
class Container:
    settings: Settings
    overrides: dict[str, Any]

    def _get(self, name: str, build: Callable[[], Any]) -> Any:
        if name in self.overrides:
            return self.overrides[name]
        return build()

    @cached_property
    def owner(self) -> str:
        return self.overrides.get("owner") or f"worker-{secrets.token_hex(4)}"

    @cached_property
    def clock(self) -> Any:
        return self._get("clock", SystemClock)

    @cached_property
    def _aws(self) -> Any:
        return _load("stratus.adapters.aws:build_aws_adapters")(self.settings)

    @cached_property
    def store(self) -> Any:
        def build() -> Any:
            if self.settings.mode == "aws":
                return self._aws.store
            from .adapters.sqlite_store import SqliteRunStore

            return SqliteRunStore(self.settings.data_dir / "stratus.db")

        return self._get("store", build)

    @cached_property
    def secrets(self) -> Any:
        def build() -> Any:
            if self.settings.mode == "aws":
                return self._aws.secrets
            from .adapters.local_secrets import LocalSecretBox

            return LocalSecretBox(self.settings.data_dir / "master.key")

        return self._get("secrets", build)

    @cached_property
    def artifacts(self) -> Any:
        def build() -> Any:
            if self.settings.mode == "aws":
                return self._aws.artifacts
            from .adapters.local_artifacts import LocalArtifactStore
            from .adapters.local_files import read_or_create_secret

            signing_key = read_or_create_secret(
                self.settings.data_dir / "artifact-url.key", lambda: secrets.token_bytes(32)
            )
            return LocalArtifactStore(
                self.settings.data_dir / "artifacts",
                base_url=self.settings.base_url,
                signing_key=signing_key,
            )

        return self._get("artifacts", build)

    @cached_property
    def events(self) -> Any:
        def build() -> Any:
            if self.settings.mode == "aws":
                return self._aws.events
            from .adapters.local_bus import LocalEventBus

            return LocalEventBus()

        return self._get("events", build)

    @cached_property
    def orchestrator(self) -> Any:
        def build() -> Any:
            if self.settings.mode == "aws":
                return self._aws.orchestrator
            return self.worker

        return self._get("orchestrator", build)

    @cached_property
    def http(self) -> Any:
        def build() -> Any:
            from .adapters.httpx_sender import HttpxSender
            from .services.url_guard import public_addresses

            # Outside local mode the sender connects only to the address it checked.
            return HttpxSender(None if self.settings.private_urls_allowed else public_addresses)

        return self._get("http", build)

    @cached_property
    def metrics(self) -> Any:
        def build() -> Any:
            if self.settings.mode == "aws":
                return _load("stratus.adapters.aws.observability:PowertoolsMetrics")()
            return NoMetrics()

        return self._get("metrics", build)

    @cached_property
    def keys(self) -> KeyService:
        return self._get("keys", lambda: KeyService(self.store, self.secrets, self.clock))

    @cached_property
    def lifecycle(self) -> RunLifecycle:
        return self._get(
            "lifecycle",
            lambda: RunLifecycle(self.store, self.events, None, self.clock, self.metrics),
        )

    @cached_property
    def admission(self) -> Admission:
        caps = Caps(
            per_organization=self.settings.max_active_runs_per_organization,
            total=self.settings.max_active_runs,
        )
        return self._get(
            "admission",
            lambda: Admission(
                store=self.store,
                orchestrator=self.orchestrator,
                lifecycle=self.lifecycle,
                clock=self.clock,
                caps=caps,
                metrics=self.metrics,
            ),
        )

    @cached_property
    def rate_limiter(self) -> RateLimiter | None:
        """Run creation per organization: in this process locally; on AWS in the runs
        table, shared by every API container. None when the rate is 0 (no limit)."""

        def build() -> RateLimiter | None:
            if self.settings.run_rate_per_second == 0:
                return None
            from .domain.rate_limit import BucketLimits

            limits = BucketLimits(self.settings.run_rate_per_second, self.settings.run_rate_burst)
            if self.settings.mode == "aws":
                limiter = _load("stratus.adapters.aws.dynamodb_rate_limiter:DynamoDbRateLimiter")
                return limiter(self._aws.table, limits, self.clock)
            from .adapters.memory_rate_limiter import InMemoryRateLimiter

            return InMemoryRateLimiter(limits, self.clock)

        return self._get("rate_limiter", build)

    @property
    def can_start_runs(self) -> bool:
        """Whether this process can start executions (on AWS it needs the state machine)."""
        return self.settings.mode == "local" or bool(self.settings.state_machine_arn)

    @cached_property
    def totp(self) -> TotpService:
        return self._get("totp", lambda: TotpService(self.store, self.clock))

    @cached_property
    def totp_signer(self) -> Any:
        """Signs 2FA requests: with the run's key here, or through the signer function where
        this process must hold no key material (the AWS browser-step function)."""

        def build() -> Any:
            if self.settings.mode == "aws" and self.settings.signer_function:
                build_signer = _load("stratus.adapters.aws.lambda_totp_signer:build")
                return build_signer(self.settings.signer_function)
            from .services.totp_signing import KeyTotpSigner

            return KeyTotpSigner(self.keys)

        return self._get("totp_signer", build)

    @cached_property
    def codes(self) -> Any:
        return self._get(
            "codes",
            lambda: VerificationCodeSource(
                totp=self.totp,
                signer=self.totp_signer,
                http=self.http,
                allow_private=self.settings.private_urls_allowed,
                poll_interval=self.settings.totp_poll_interval_seconds,
            ),
        )

    @cached_property
    def render(self) -> Callable[[Any], dict[str, Any]]:
        def build() -> Callable[[Any], dict[str, Any]]:
            run_payload = _load("stratus.contract.views:run_payload")
            return lambda run: run_payload(
                run, url_for=self.artifacts.url_for, app_url_for=self.app_url_for
            )

        return self._get("render", build)

    @cached_property
    def app_url_for(self) -> Callable[[str], str | None]:
        """A run id -> its page in the run viewer (the run object's ``app_url``)."""
        return self._get("app_url_for", lambda: app_url_for(self.settings.app_base_url))

    @cached_property
    def webhooks(self) -> WebhookService:
        return self._get(
            "webhooks",
            lambda: WebhookService(
                store=self.store,
                keys=self.keys,
                http=self.http,
                clock=self.clock,
                render=self.render,
                owner=self.owner,
                schedule=RetrySchedule(tuple(self.settings.webhook_retry_schedule_seconds)),
                timeout_seconds=self.settings.webhook_timeout_seconds,
                allow_private=self.settings.private_urls_allowed,
                metrics=self.metrics,
            ),
        )

    @cached_property
    def scripts(self) -> Any:
        def build() -> Any:
            if not _available("stratus.scripts.service:ScriptService"):
                return None
            service_cls = _load("stratus.scripts.service:ScriptService")
            if self.settings.mode == "aws":
                store = self._aws.scripts
                return service_cls(store, self.clock) if store is not None else None
            store_cls = _load("stratus.adapters.sqlite_scripts:SqliteScriptStore")
            return service_cls(store_cls(self.settings.data_dir / "stratus.db"), self.clock)

        return self._get("scripts", build)

    @cached_property
    def engines(self) -> EngineRegistry:
        def build() -> EngineRegistry:
            factories: dict[str, Callable[[], Engine]] = {
                key: (lambda p=path: _load(p)())
                for key, path in ENGINE_CLASSES.items()
                if _available(path)
            }
            if "ui-tars" in factories:
                coordinates = self.settings.ui_tars_coordinates
                factories["ui-tars"] = lambda: _load(ENGINE_CLASSES["ui-tars"])(
                    coordinates=coordinates
                )
            if self.scripts is not None and _available("stratus.scripts.replay:ReplayEngine"):

                def replay() -> Engine:
                    fallback = factories["skyvern-1.0"]() if self.settings.model else None
                    return _load("stratus.scripts.replay:ReplayEngine")(self.scripts, fallback)

                factories[REPLAY] = replay
            return EngineRegistry(self.settings, factories)

        return self._get("engines", build)

    @cached_property
    def llm(self) -> LLM:
        return self._get("llm", lambda: LazyLLM(self.settings))

    @cached_property
    def remote_browsers(self) -> Any:
        """A browser per run that outlives the step invocations; None: the step's own."""

        def build() -> Any:
            if self.settings.remote_browser == "agentcore":
                factory = _load("stratus.adapters.aws.agentcore_browser:build_agentcore_browser")
                return factory(self.settings, self.artifacts)
            return None

        return self._get("remote_browsers", build)

    @cached_property
    def browser(self) -> Any:
        def build() -> Any:
            provider = _load("stratus.adapters.playwright_browser:PlaywrightBrowserProvider")
            recorder = _load("stratus.adapters.run_recorder:RunRecorder")(
                self.recordings,
                video=self.settings.video_on,
                trace=self.settings.trace_on,
                browsers=self.settings.playwright_browsers_path,
            )
            return provider(
                self.settings,
                state_store=self.artifacts,
                remote_browsers=self.remote_browsers,
                recorder=recorder,
                secrets=self.secrets,
            )

        return self._get("browser", build)

    @cached_property
    def execution(self) -> Any:
        def build() -> Any:
            from .services.execution import ExecutionService

            record = self.scripts.record if self.scripts is not None else None
            return ExecutionService(
                store=self.store,
                lifecycle=self.lifecycle,
                engines=self.engines,
                browser=self.browser,
                llm=self.llm,
                codes=self.codes,
                artifacts=self.artifacts,
                clock=self.clock,
                settings=self.settings,
                owner=self.owner,
                on_completed=record,
                metrics=self.metrics,
                # on AWS a step's files folder is its own: uploads are copied in from S3
                uploads=self.uploads if self.settings.mode == "aws" else None,
            )

        return self._get("execution", build)

    @cached_property
    def worker(self) -> Any:
        def build() -> Any:
            from .adapters.local_worker import LocalWorker

            worker = LocalWorker(
                store=self.store,
                execution=self.execution,
                webhooks=self.webhooks,
                concurrency=self.settings.workers,
                poll_interval=self.settings.poll_interval_seconds,
                admit_waiting=lambda: self.admission.admit_waiting(),
            )
            if hasattr(self.events, "subscribe"):
                self.events.subscribe(worker.wake)
            return worker

        return self._get("worker", build)

    @cached_property
    def runs(self) -> Any:
        def build() -> Any:
            service = _load("stratus.services.runs:RunService")
            self.lifecycle.orchestrator = self.orchestrator
            return service(
                store=self.store,
                lifecycle=self.lifecycle,
                orchestrator=self.orchestrator,
                engines=self.engines,
                clock=self.clock,
                settings=self.settings,
                webhooks=self.webhooks,
                browser_sessions=self.browser_sessions,
                browser_profiles=self.browser_profiles,
                admission=self.admission,
                rate_limiter=self.rate_limiter,
                secrets=self.secrets,
                model_credentials=self.model_credentials,
            )

        return self._get("runs", build)

    @cached_property
    def model_credentials(self) -> Any:
        """Whether a model's provider keys are set, checked when a run is created. Only
        where runs execute in this process's environment: on AWS the keys are exported in
        the browser-step function, not the API's; a model given in code needs none."""

        def build() -> Any:
            if self.settings.mode == "aws" or "llm" in self.overrides:
                return None
            checker = _load("stratus.adapters.litellm_credentials:LiteLLMModelCredentials")()
            checker.warm_up()
            return checker

        return self._get("model_credentials", build)

    @cached_property
    def idempotent_requests(self) -> Any:
        """The answers of create requests sent with an ``Idempotency-Key`` header."""

        def build() -> Any:
            if self.settings.mode == "aws":
                return self._aws.idempotent_requests
            from .adapters.sqlite_idempotent_requests import SqliteIdempotentRequests

            return SqliteIdempotentRequests(self.settings.data_dir / "stratus.db")

        return self._get("idempotent_requests", build)

    @cached_property
    def run_requests(self) -> Any:
        """Runs requested by EventBridge, SQS or a batch file, one per idempotency key."""

        def build() -> Any:
            from .services.run_requests import RunRequests, parse_sources

            if self.settings.mode == "aws":
                keys = self._aws.idempotency_keys
                dead_letters = self._aws.dead_letters
                if dead_letters is None:
                    raise RuntimeError("STRATUS_REQUEST_DEAD_LETTER_QUEUE_URL must be set")
            else:
                from .adapters.local_dead_letters import FileDeadLetters
                from .adapters.sqlite_idempotency import SqliteIdempotencyKeys

                keys = SqliteIdempotencyKeys(self.settings.data_dir / "stratus.db")
                dead_letters = FileDeadLetters(self.settings.data_dir / "dead-letters.jsonl")
            return RunRequests(
                runs=self.runs,
                store=self.store,
                keys=keys,
                sources=parse_sources(self.settings.request_sources),
                events=self.events,
                dead_letters=dead_letters,
                destinations=self.reply_destinations,
            )

        return self._get("run_requests", build)

    @cached_property
    def reply_destinations(self) -> dict[str, frozenset[str]]:
        """Each organization's allowed reply destinations, within the deployment's grant."""
        from .services.run_requests import parse_destinations

        allowed = parse_destinations(self.settings.reply_destinations)
        if self.settings.reply_destination_arns is None:
            return allowed
        granted = frozenset(
            arn.strip() for arn in self.settings.reply_destination_arns.split(",") if arn.strip()
        )
        return {organization: arns & granted for organization, arns in allowed.items()}

    @cached_property
    def run_replies(self) -> Any:
        """Sends a finished run's "Run Finished" detail to the destination it named (AWS)."""

        def build() -> Any:
            from .adapters.aws.eventbridge import run_finished_detail
            from .services.replies import RunReplies

            if self.settings.mode != "aws" or self._aws.replies is None:
                raise RuntimeError("reply destinations are sent to on AWS only")
            return RunReplies(self.store, self._aws.replies, run_finished_detail)

        return self._get("run_replies", build)

    @cached_property
    def sweeper(self) -> Any:
        def build() -> Any:
            from .services.sweeper import Sweeper

            return Sweeper(
                store=self.store,
                monitor=self.orchestrator,
                admission=self.admission,
                lifecycle=self.lifecycle,
                webhooks=self.webhooks,
                clock=self.clock,
                max_restarts=self.settings.max_crashes,
            )

        return self._get("sweeper", build)

    @cached_property
    def uploads(self) -> Any:
        """Files for tasks to upload into pages: in the data folder, where the local worker's
        agent finds them; on AWS in the artifacts bucket (``uploads/<organization>/``)."""

        def build() -> Any:
            if self.settings.mode == "aws":
                return self._aws.uploads
            from .adapters.local_uploads import LocalUploadedFiles

            return LocalUploadedFiles(self.settings.data_dir, self.artifacts)

        return self._get("uploads", build)

    @cached_property
    def browser_sessions(self) -> Any:
        """Persistent browser sessions; locally a closed session's browser context closes."""

        def build() -> Any:
            service = _load("stratus.services.browser_sessions:BrowserSessionService")
            egress = EgressPolicy.build(
                allow_private=self.settings.private_urls_allowed,
                allowed=self.settings.browser_allowed_private,
            )
            if self.settings.mode == "aws":
                store = getattr(self._aws, "browser_sessions", None)
                if store is None:
                    return None
                return service(
                    store, self.store, self.clock, state_store=self.artifacts, egress=egress
                )

            async def close_browser(browser_session_id: str) -> None:
                close_session = getattr(self.browser, "close_session", None)
                if close_session is not None:
                    await close_session(browser_session_id)

            store_cls = _load("stratus.adapters.sqlite_browser_sessions:SqliteBrowserSessionStore")
            return service(
                store_cls(self.settings.data_dir / "stratus.db"),
                self.store,
                self.clock,
                state_store=self.artifacts,
                close_browser=close_browser,
                egress=egress,
            )

        return self._get("browser_sessions", build)

    @cached_property
    def recordings(self) -> RecordingService:
        """Runs' videos and traces, and the playlist ``recording_url`` points to."""
        return self._get(
            "recordings",
            lambda: RecordingService(
                self.artifacts,
                self.store,
                self.clock,
                max_bytes_per_run=self.settings.recording_max_bytes_per_run,
            ),
        )

    @cached_property
    def browser_profiles(self) -> Any:
        """Browser profiles, sealed with the deployment's SecretBox, beside the runs."""

        def build() -> Any:
            service = _load("stratus.services.browser_profiles:BrowserProfileService")
            if self.settings.mode == "aws":
                store = getattr(self._aws, "browser_profiles", None)
                secrets = getattr(self._aws, "profile_secrets", None)
            else:
                store_cls = _load(
                    "stratus.adapters.sqlite_browser_profiles:SqliteBrowserProfileStore"
                )
                store = store_cls(self.settings.data_dir / "stratus.db")
                secrets = self.secrets
            if store is None or secrets is None:
                return None
            return service(
                store,
                secrets,
                self.clock,
                self.artifacts,
                sessions=self.browser_sessions,
                runs=self.store,
            )

        return self._get("browser_profiles", build)

    def wire(self) -> Container:
        """Connect the orchestrator to the lifecycle (cancel stops executions) and, where
        this process can start runs, let a run's end admit waiting runs."""
        self.lifecycle.orchestrator = self.orchestrator
        if self.can_start_runs and self.admission.after_finish not in self.lifecycle.after_finish:
            self.lifecycle.after_finish.append(self.admission.after_finish)
        return self


def make_private_dir(path: Path) -> None:
    """Create the data folder readable by its owner only (0700); a folder that exists is
    left as its owner set it."""
    if not path.exists():
        path.mkdir(parents=True, mode=0o700)
        path.chmod(0o700)  # mkdir's mode is narrowed by the umask, never widened


def build_container(settings: Settings | None = None, **overrides: Any) -> Container:
    settings = settings or Settings()
    if settings.mode == "local":
        make_private_dir(settings.data_dir)
    return Container(settings=settings, overrides=overrides).wire()


_CONTAINER: Container | None = None


def get_container() -> Container:
    """The process-wide container (Lambda handlers, the CLI)."""
    global _CONTAINER
    if _CONTAINER is None:
        _CONTAINER = build_container()
    return _CONTAINER
