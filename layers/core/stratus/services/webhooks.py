"""Deliver the signed "run finished" webhook on its schedule, and resend on demand.

Delivery is at least once: one ``webhook-id`` per run's event across every attempt and
resend (receivers de-duplicate on it); each attempt is one POST, claimed with a conditional
write so two deliverers never send the same attempt; between attempts the webhook waits
``pending`` with its due time in the store (``domain.webhook_schedule``)."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from ..contract.responses.webhooks import ReceivedWebhookResponse, SentWebhookRequest
from ..domain.ids import new_id
from ..domain.models import Run, WebhookAttempt
from ..domain.webhook_schedule import RetrySchedule, WebhookSchedule, schedule_of, webhook_id
from ..ports import Clock, HttpResponse, HttpSender, Metrics, NoMetrics, RunCondition, RunStore
from .errors import InvalidState
from .keys import KeyService, SigningKeyUnavailable
from .signing import compact_json, signed_headers
from .url_guard import UnsafeUrl, check_outbound_url
from .webhook_policy import retry_after_seconds, should_retry

log = logging.getLogger(__name__)

# A claim lasts one attempt's timeout plus this: a deliverer that died soon loses it.
LEASE_MARGIN_SECONDS = 30.0
_NO_LEASE = {"lease_owner": None, "lease_expires_at": None}


class WebhookReport(BaseModel):
    request: SentWebhookRequest
    response: ReceivedWebhookResponse | None = None
    error: str | None = None
    schedule: WebhookSchedule | None = None  # where the run's webhook stands after this
    latency_ms: int | None = None  # the POST until its answer or error; None: nothing sent


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
        schedule: RetrySchedule | None = None,
        timeout_seconds: float = 10.0,
        allow_private: bool = False,
        rng: random.Random | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._store = store
        self._keys = keys
        self._http = http
        self._clock = clock
        self._render = render
        self._owner = owner
        self.schedule = schedule or RetrySchedule()
        self._timeout = timeout_seconds
        self._allow_private = allow_private
        self._rng = rng
        self._metrics = metrics or NoMetrics()

    def due_run_ids(self, *, limit: int = 100) -> list[str]:
        """Runs whose webhook is due now, soonest first."""
        return self._store.list_pending_webhook_run_ids(due_by=self._clock.now(), limit=limit)

    async def deliver(self, run_id: str, *, budget_seconds: float | None = None) -> None:
        """Make the run's next scheduled attempt if it is due: one POST, then the webhook is
        sent, failed, or pending again with its next due time. A no-op when nothing is due.

        The attempt is counted when it is claimed, before the POST: a deliverer that dies
        after the POST leaves a claim that lapses, and the next deliverer sends the same
        webhook (same ``webhook-id``) as the next attempt. ``budget_seconds`` is the time
        the caller has left: with less than one attempt's timeout nothing is claimed."""
        if budget_seconds is not None and budget_seconds < self._timeout:
            return
        run = self._store.get_run(run_id)
        if run is None or not run.webhook_url:
            return
        now = self._clock.now()
        condition = RunCondition(webhook_claimable_at=now, webhook_attempts_is=run.webhook_attempts)
        if run.webhook_attempts >= self.schedule.max_attempts:
            # the last attempt's deliverer died before recording it: nothing is left to try
            self._store.update_run(
                run_id,
                {"webhook_state": "failed", "webhook_next_attempt_at": None, **_NO_LEASE},
                condition,
            )
            return
        lease = now + timedelta(seconds=self._timeout + LEASE_MARGIN_SECONDS)
        attempt = run.webhook_attempts + 1
        claimed = self._store.update_run(
            run_id,
            {
                "webhook_state": "delivering",
                "webhook_attempts": attempt,
                "webhook_next_attempt_at": lease,  # the claim lapses then
                "lease_owner": self._owner,
                "lease_expires_at": lease,
            },
            condition,
        )
        if claimed is None:
            return  # claimed by another deliverer, or not due
        exchange = await self._post(claimed)
        status = exchange.status_code
        delivered = status is not None and 200 <= status < 300
        headers = exchange.response.headers if exchange.response else {}
        # an unsafe URL or nothing to sign with: another attempt cannot do better
        refused = exchange.error is not None and exchange.error.startswith(FINAL_ERRORS)
        after = self.schedule.after_attempt(
            attempt,
            self._clock.now(),
            delivered=delivered,
            retryable=not refused and should_retry(status, headers),
            retry_after=retry_after_seconds(headers, self._clock.now()),
            rng=self._rng,
        )
        left = self.schedule.remaining(attempt) if after.state == "pending" else 0
        self._record(
            claimed,
            exchange,
            trigger="finished",
            attempt_number=attempt,
            attempts_remaining=left,
            next_attempt_at=after.at,
        )
        self._store.update_run(
            run_id,
            {"webhook_state": after.state, "webhook_next_attempt_at": after.at, **_NO_LEASE},
            RunCondition(lease_held_by=self._owner, webhook_state_in=frozenset({"delivering"})),
        )
        log.info("webhook %s attempt %d: %s", run_id, attempt, after.state)

    async def retry(self, run: Run) -> WebhookReport:
        """Send the webhook again now (once, same ``webhook-id``) and report what was sent,
        what came back and where the schedule stands. A resend the run's own URL accepted
        ends a schedule still waiting (pending) or given up (failed): the webhook is sent."""
        if not run.webhook_url:
            raise InvalidState(f"run {run.run_id} has no webhook URL")
        if not run.is_terminal:
            raise InvalidState(
                f"run {run.run_id} is {run.status.value}; a webhook is sent once it has finished"
            )
        exchange = await self._post(run)
        status = exchange.status_code
        stored = self._store.get_run(run.run_id) or run
        if status is not None and 200 <= status < 300 and run.webhook_url == stored.webhook_url:
            stored = (
                self._store.update_run(
                    run.run_id,
                    {"webhook_state": "sent", "webhook_next_attempt_at": None},
                    RunCondition(webhook_state_in=frozenset({"pending", "failed"})),
                )
                or stored
            )
        view = schedule_of(stored, self.schedule)
        self._record(
            run,
            exchange,
            trigger="retry",
            attempt_number=None,
            attempts_remaining=view.attempts_remaining,
            next_attempt_at=view.next_attempt_at,
        )
        return WebhookReport(
            request=exchange.request,
            response=exchange.received,
            error=exchange.error,
            schedule=view,
            latency_ms=exchange.latency_ms,
        )

    def schedule_for(self, run: Run) -> WebhookSchedule:
        """Where the run's webhook stands (attempts made, next attempt, attempts left)."""
        return schedule_of(run, self.schedule)

    async def _post(self, run: Run) -> Exchange:
        url = run.webhook_url or ""
        body = compact_json(self._render(run))
        try:
            secret = self._keys.signing_secret(run.api_key_id)
            webhook_secret = self._keys.webhook_secret(run.organization_id)
        except SigningKeyUnavailable as exc:
            return self._unsigned(run, url, body, str(exc))
        headers = signed_headers(
            secret, webhook_id(run.run_id), int(time.time()), body, webhook_secret
        )
        request = SentWebhookRequest(url=url, headers=headers, body=body.decode("utf-8"))
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
        self._metrics.emit("WebhookAttempts", 1, outcome=attempt_outcome(response, error))
        return Exchange(
            request=request,
            response=response,
            error=error,
            duration_ms=int((time.monotonic() - started) * 1000),
        )

    def _unsigned(self, run: Run, url: str, body: bytes, reason: str) -> Exchange:
        """Nothing to sign with: send nothing (never an unsigned webhook), say why."""
        log.warning("webhook for %s not sent: %s", run.run_id, reason)
        self._metrics.emit("WebhookAttempts", 1, outcome="unsigned")
        headers = {"Content-Type": "application/json"}
        return Exchange(
            request=SentWebhookRequest(url=url, headers=headers, body=body.decode("utf-8")),
            response=None,
            error=f"not sent: cannot sign: {reason}",
            duration_ms=0,
        )

    def _record(
        self,
        run: Run,
        exchange: Exchange,
        *,
        trigger: str,
        attempt_number: int | None,
        attempts_remaining: int,
        next_attempt_at: datetime | None,
    ) -> None:
        response = exchange.response
        self._store.add_webhook_attempt(
            WebhookAttempt(
                attempt_id=new_id("wha"),
                run_id=run.run_id,
                organization_id=run.organization_id,
                url=exchange.request.url,
                request_headers=exchange.request.headers,
                request_body=exchange.request.body,
                status_code=response.status_code if response else None,
                response_body=(response.body[:10_000] if response else None),
                error=exchange.error,
                trigger=trigger,
                created_at=self._clock.now(),
                duration_ms=exchange.duration_ms,
                attempt_number=attempt_number,
                attempts_remaining=attempts_remaining,
                next_attempt_at=next_attempt_at,
            )
        )


# errors after which another attempt cannot do better: an unsafe URL, nothing to sign with
FINAL_ERRORS = ("refused", "not sent")


@dataclass(frozen=True)
class Exchange:
    """One POST: what was sent, and what came back (or why nothing did)."""

    request: SentWebhookRequest
    response: HttpResponse | None
    error: str | None
    duration_ms: int

    @property
    def status_code(self) -> int | None:
        return self.response.status_code if self.response else None

    @property
    def latency_ms(self) -> int | None:
        """How long the POST took to be answered (or to fail); None when none was sent."""
        if self.error is not None and self.error.startswith(FINAL_ERRORS):
            return None
        return self.duration_ms

    @property
    def received(self) -> ReceivedWebhookResponse | None:
        if self.response is None:
            return None
        return ReceivedWebhookResponse(
            status_code=self.response.status_code,
            headers=self.response.headers,
            body=self.response.body,
        )


def attempt_outcome(response: HttpResponse | None, error: str | None) -> str:
    """delivered (2xx), rejected (another status), refused (unsafe URL) or unreachable."""
    if response is not None:
        return "delivered" if 200 <= response.status_code < 300 else "rejected"
    return "refused" if error and error.startswith(FINAL_ERRORS) else "unreachable"
