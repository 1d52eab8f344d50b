"""The services over the adapters: keys, run status changes and admission, 2FA codes,
webhooks, recordings."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from ..contract.links import app_url_for
from ..domain.models import Run
from ..domain.webhook_schedule import RetrySchedule
from ..ports import TotpRequestSigner, VerificationCodes
from ..services.admission import Admission, Caps
from ..services.keys import KeyService
from ..services.lifecycle import RunLifecycle
from ..services.recordings import RecordingService
from ..services.totp import TotpService, VerificationCodeSource
from ..services.webhooks import WebhookService
from .adapters import AdapterParts


class ServiceParts(AdapterParts):
    @cached_property
    def keys(self) -> KeyService:
        return self._get("keys", lambda: KeyService(self.store, self.secrets, self.clock))

    @cached_property
    def lifecycle(self) -> RunLifecycle:
        return self._get(
            "lifecycle",
            lambda: RunLifecycle(
                self.store, self.events, self.orchestrator, self.clock, self.metrics
            ),
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

    @property
    def can_start_runs(self) -> bool:
        """Whether this process can start executions (on AWS it needs the state machine)."""
        return self.settings.mode == "local" or bool(self.settings.state_machine_arn)

    @cached_property
    def totp(self) -> TotpService:
        return self._get("totp", lambda: TotpService(self.store, self.clock))

    @cached_property
    def totp_signer(self) -> TotpRequestSigner:
        """Signs 2FA requests: with the run's key here, or through the signer function where
        this process must hold no key material (the AWS browser-step function)."""

        def build() -> TotpRequestSigner:
            if self.on_aws and self.settings.signer_function:
                from ..adapters.aws.lambda_totp_signer import build as build_signer

                return build_signer(self.settings.signer_function)
            from ..services.totp_signing import KeyTotpSigner

            return KeyTotpSigner(self.keys)

        return self._get("totp_signer", build)

    @cached_property
    def codes(self) -> VerificationCodes:
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
    def app_url_for(self) -> Callable[[str], str | None]:
        """A run id -> its page in the run viewer (the run object's ``app_url``)."""
        return self._get("app_url_for", lambda: app_url_for(self.settings.app_base_url))

    @cached_property
    def render(self) -> Callable[[Run], dict[str, Any]]:
        def build() -> Callable[[Run], dict[str, Any]]:
            from ..contract.views import run_payload

            return lambda run: run_payload(
                run, url_for=self.artifacts.url_for, app_url_for=self.app_url_for
            )

        return self._get("render", build)

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
