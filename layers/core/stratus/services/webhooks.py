"""Deliver the signed "run finished" webhook exactly once per run, and resend on demand."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from ..domain.ids import new_id
from ..domain.models import Run, WebhookAttempt
from ..ports import Clock, HttpResponse, HttpSender, Metrics, NoMetrics, RunCondition, RunStore
from .errors import InvalidState
from .keys import KeyService, SigningKeyUnavailable
from .signing import compact_json, signed_headers
from .url_guard import UnsafeUrl, check_outbound_url
from .webhook_policy import backoff_seconds, retry_after_seconds, should_retry

log = logging.getLogger(__name__)

LEASE_MARGIN_SECONDS = 30.0


class SentRequest(BaseModel):
    url: str
    headers: dict[str, str]
    body: str


class ReceivedResponse(BaseModel):
    status_code: int
    headers: dict[str, str]
    body: str


class WebhookReport(BaseModel):
    request: SentRequest
    response: ReceivedResponse | None = None
    error: str | None = None
    retryable: bool = True  # False: another attempt cannot do better (nothing to sign with)


class WebhookService:
    def __init__(
        self,
        *,
        store: RunStore,
        keys: KeyService,
        http: HttpSender,
        clock: Clock,
        render: Callable[[Run], dict[str, Any]],
        owner: str,
        max_attempts: int = 5,
        backoff_base: float = 1.0,
        timeout_seconds: float = 10.0,
        allow_private: bool = False,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        metrics: Metrics | None = None,
    ) -> None:
        self._store = store
        self._keys = keys
        self._http = http
        self._clock = clock
        self._render = render
        self._owner = owner
        self._max_attempts = max_attempts
        self._backoff = backoff_base
        self._timeout = timeout_seconds
        self._allow_private = allow_private
        self._sleep = sleep
        self._metrics = metrics or NoMetrics()

    async def deliver(self, run_id: str, *, budget_seconds: float | None = None) -> None:
        """Claim the run's pending webhook and send it, retrying; a no-op when not pending.

        ``budget_seconds`` bounds the whole delivery (each attempt counted at its timeout):
        a wait that would not leave room for another attempt ends it as failed, so a
        deliverer with a deadline (a Lambda) never dies holding the claim."""
        now = self._clock.now()
        run = self._store.update_run(
            run_id,
            {
                "webhook_state": "delivering",
                "lease_owner": self._owner,
                "lease_expires_at": self._lease_until(0.0),
            },
            RunCondition(webhook_claimable_at=now),
        )
        if run is None or not run.webhook_url:
            return
        final_state = "failed"
        planned = 0.0
        for attempt in range(1, self._max_attempts + 1):
            planned += self._timeout
            report = await self._send_once(run, trigger="finished")
            status = report.response.status_code if report.response else None
            if status is not None and 200 <= status < 300:
                final_state = "sent"
                break
            headers = report.response.headers if report.response else {}
            if (
                attempt == self._max_attempts
                or not report.retryable
                or not should_retry(status, headers)
            ):
                break
            wait = retry_after_seconds(headers, self._clock.now())
            if wait is None:
                wait = backoff_seconds(attempt, self._backoff)
            if budget_seconds is not None and planned + wait + self._timeout > budget_seconds:
                break
            planned += wait
            if not self._extend_lease(run_id, wait):
                return  # another deliverer took over after our lease lapsed
            await self._sleep(wait)
        self._store.update_run(
            run_id,
            {"webhook_state": final_state, "lease_owner": None, "lease_expires_at": None},
            RunCondition(lease_held_by=self._owner),
        )
        log.info("webhook for %s: %s", run_id, final_state)

    def _lease_until(self, wait: float) -> datetime:
        """A short lease: one wait plus one attempt. A crashed deliverer's claim soon lapses,
        and a restart delivers the webhook again instead of leaving it stuck."""
        return self._clock.now() + timedelta(seconds=wait + self._timeout + LEASE_MARGIN_SECONDS)

    def _extend_lease(self, run_id: str, wait: float) -> bool:
        renewed = self._store.update_run(
            run_id,
            {"lease_expires_at": self._lease_until(wait)},
            RunCondition(lease_held_by=self._owner, webhook_state_in=frozenset({"delivering"})),
        )
        return renewed is not None

    async def retry(self, run: Run) -> WebhookReport:
        """Send the webhook again now (once) and report what was sent and received."""
        if not run.webhook_url:
            raise InvalidState(f"run {run.run_id} has no webhook URL")
        if not run.is_terminal:
            raise InvalidState(
                f"run {run.run_id} is {run.status.value}; a webhook is sent once it has finished"
            )
        return await self._send_once(run, trigger="retry")

    async def _send_once(self, run: Run, *, trigger: str) -> WebhookReport:
        url = run.webhook_url or ""
        body = compact_json(self._render(run))
        msg_id = new_id("wha")
        try:
            secret = self._keys.signing_secret(run.api_key_id)
        except SigningKeyUnavailable as exc:
            return self._unsigned(run, trigger, msg_id, body, str(exc))
        headers = signed_headers(secret, msg_id, int(time.time()), body)
        request = SentRequest(url=url, headers=headers, body=body.decode("utf-8"))
        started = time.monotonic()
        response: HttpResponse | None = None
        error: str | None = None
        try:
            check_outbound_url(url, allow_private=self._allow_private)
            response = await self._http.post(url, body, headers, timeout=self._timeout)
        except UnsafeUrl as exc:
            error = f"refused: {exc}"
        except (ConnectionError, OSError, TimeoutError) as exc:
            error = f"{type(exc).__name__}: {exc}"
        self._store.add_webhook_attempt(
            WebhookAttempt(
                attempt_id=msg_id,
                run_id=run.run_id,
                organization_id=run.organization_id,
                url=url,
                request_headers=headers,
                request_body=request.body,
                status_code=response.status_code if response else None,
                response_body=(response.body[:10_000] if response else None),
                error=error,
                trigger=trigger,
                created_at=self._clock.now(),
                duration_ms=int((time.monotonic() - started) * 1000),
            )
        )
        self._metrics.emit("WebhookAttempts", 1, outcome=attempt_outcome(response, error))
        received = (
            ReceivedResponse(
                status_code=response.status_code, headers=response.headers, body=response.body
            )
            if response
            else None
        )
        return WebhookReport(request=request, response=received, error=error)

    def _unsigned(
        self, run: Run, trigger: str, msg_id: str, body: bytes, reason: str
    ) -> WebhookReport:
        """Nothing to sign with: record why and send nothing (never an unsigned webhook)."""
        url = run.webhook_url or ""
        headers = {"Content-Type": "application/json"}
        error = f"not sent: cannot sign: {reason}"
        request = SentRequest(url=url, headers=headers, body=body.decode("utf-8"))
        self._store.add_webhook_attempt(
            WebhookAttempt(
                attempt_id=msg_id,
                run_id=run.run_id,
                organization_id=run.organization_id,
                url=url,
                request_headers=headers,
                request_body=request.body,
                error=error,
                trigger=trigger,
                created_at=self._clock.now(),
            )
        )
        log.warning("webhook for %s not sent: %s", run.run_id, reason)
        self._metrics.emit("WebhookAttempts", 1, outcome="unsigned")
        return WebhookReport(request=request, error=error, retryable=False)


def attempt_outcome(response: HttpResponse | None, error: str | None) -> str:
    """delivered (2xx), rejected (another status), refused (unsafe URL) or unreachable."""
    if response is not None:
        return "delivered" if 200 <= response.status_code < 300 else "rejected"
    return "refused" if error and error.startswith("refused") else "unreachable"
