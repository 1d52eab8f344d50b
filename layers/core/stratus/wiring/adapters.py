"""The adapters: where runs, secrets, artifacts and events are kept and sent (SQLite and
files locally; DynamoDB, KMS, S3 and EventBridge on AWS)."""

from __future__ import annotations

import secrets
from functools import cached_property

from ..ports import (
    ArtifactStore,
    HttpSender,
    IdempotentRequests,
    Metrics,
    ModelCredentials,
    NoMetrics,
    RateLimiter,
    RunEvents,
    RunExecutions,
    RunsStoredAtOnce,
    RunStore,
    SecretBox,
    UploadedFiles,
)
from .base import ContainerBase


class AdapterParts(ContainerBase):
    @cached_property
    def store(self) -> RunStore:
        def build() -> RunStore:
            if self.on_aws:
                return self.aws.store
            from ..adapters.sqlite_store import SqliteRunStore

            return SqliteRunStore(self.settings.data_dir / "stratus.db")

        return self._get("store", build)

    @cached_property
    def secrets(self) -> SecretBox:
        def build() -> SecretBox:
            if self.on_aws:
                return self.aws.secrets
            from ..adapters.local_secrets import LocalSecretBox

            return LocalSecretBox(self.settings.data_dir / "master.key")

        return self._get("secrets", build)

    @cached_property
    def artifacts(self) -> ArtifactStore:
        def build() -> ArtifactStore:
            if self.on_aws:
                return self.aws.artifacts
            from ..adapters.local_artifacts import LocalArtifactStore
            from ..adapters.local_files import read_or_create_secret

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
    def events(self) -> RunEvents:
        def build() -> RunEvents:
            if self.on_aws:
                return self.aws.events
            from ..adapters.local_bus import LocalEventBus

            return LocalEventBus()

        return self._get("events", build)

    @cached_property
    def orchestrator(self) -> RunExecutions:
        """Starts and stops runs' executions: Step Functions, or this process's worker
        (through the local orchestrator it listens to, so nothing here needs the worker)."""

        def build() -> RunExecutions:
            if self.on_aws:
                return self.aws.orchestrator
            from ..adapters.local_orchestrator import LocalOrchestrator

            return LocalOrchestrator()

        return self._get("orchestrator", build)

    @cached_property
    def runs_stored_at_once(self) -> RunsStoredAtOnce | None:
        """The store, where a created run can be stored and started from the event loop
        without waiting: SQLite (a write of tens of microseconds, refused rather than waited
        for) with an orchestrator in this process. Not on AWS: DynamoDB and Step Functions
        are calls over the network."""

        def build() -> RunsStoredAtOnce | None:
            from ..adapters.sqlite_store import SqliteRunStore

            store = self.store
            return store if not self.on_aws and isinstance(store, SqliteRunStore) else None

        return self._get("runs_stored_at_once", build)

    @cached_property
    def http(self) -> HttpSender:
        def build() -> HttpSender:
            from ..adapters.httpx_sender import HttpxSender
            from ..services.url_guard import public_addresses

            # Outside local mode the sender connects only to the address it checked.
            return HttpxSender(None if self.settings.private_urls_allowed else public_addresses)

        return self._get("http", build)

    @cached_property
    def metrics(self) -> Metrics:
        def build() -> Metrics:
            if self.on_aws:
                from ..adapters.aws.observability import PowertoolsMetrics

                return PowertoolsMetrics()
            return NoMetrics()

        return self._get("metrics", build)

    @cached_property
    def rate_limiter(self) -> RateLimiter | None:
        """Run creation per organization: in this process locally; on AWS in the runs
        table, shared by every API container. None when the rate is 0 (no limit)."""

        def build() -> RateLimiter | None:
            if self.settings.run_rate_per_second == 0:
                return None
            from ..domain.rate_limit import BucketLimits

            limits = BucketLimits(self.settings.run_rate_per_second, self.settings.run_rate_burst)
            if self.on_aws:
                from ..adapters.aws.dynamodb_rate_limiter import DynamoDbRateLimiter

                return DynamoDbRateLimiter(self.aws.table, limits, self.clock)
            from ..adapters.memory_rate_limiter import InMemoryRateLimiter

            return InMemoryRateLimiter(limits, self.clock)

        return self._get("rate_limiter", build)

    @cached_property
    def idempotent_requests(self) -> IdempotentRequests | None:
        """The answers of create requests sent with an ``Idempotency-Key`` header."""

        def build() -> IdempotentRequests | None:
            if self.on_aws:
                return self.aws.idempotent_requests
            from ..adapters.sqlite_idempotent_requests import SqliteIdempotentRequests

            return SqliteIdempotentRequests(self.settings.data_dir / "stratus.db")

        return self._get("idempotent_requests", build)

    @cached_property
    def uploads(self) -> UploadedFiles | None:
        """Files for tasks to upload into pages: in the data folder, where the local worker's
        agent finds them; on AWS in the artifacts bucket (``uploads/<organization>/``)."""

        def build() -> UploadedFiles | None:
            if self.on_aws:
                return self.aws.uploads
            from ..adapters.local_uploads import LocalUploadedFiles

            return LocalUploadedFiles(self.settings.data_dir, self.artifacts)

        return self._get("uploads", build)

    @cached_property
    def model_credentials(self) -> ModelCredentials | None:
        """Whether a model's provider keys are set, checked when a run is created. Only
        where runs execute in this process's environment: on AWS the keys are exported in
        the browser-step function, not the API's; a model given in code needs none."""

        def build() -> ModelCredentials | None:
            if self.on_aws or "llm" in self.overrides:
                return None
            from ..adapters.litellm_credentials import LiteLLMModelCredentials

            checker = LiteLLMModelCredentials()
            checker.warm_up()
            return checker

        return self._get("model_credentials", build)
