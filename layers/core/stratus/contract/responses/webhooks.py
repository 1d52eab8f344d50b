"""A webhook resend's report and a run's delivery attempts."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ...domain.status import RunType
from .base import ResponseObject, Timestamp


class SentWebhookRequest(ResponseObject):
    url: str
    headers: dict[str, str]
    body: str


class ReceivedWebhookResponse(ResponseObject):
    status_code: int
    headers: dict[str, str]
    body: str


class WebhookScheduleObject(ResponseObject):
    """Where the run's webhook stands after the resend."""

    webhook_id: str = Field(description="The same on every attempt and resend of the event.")
    state: str | None = Field(description="pending, delivering, sent or failed.")
    attempts_made: int = Field(description="Scheduled attempts begun (resends not counted).")
    max_attempts: int
    attempts_remaining: int
    next_attempt_at: str | None = Field(description="When a waiting webhook is next tried.")


class WebhookReportObject(ResponseObject):
    """What ``retry_webhook`` sent and what came back (``error`` when nothing came back)."""

    run_id: str
    run_type: RunType
    default_webhook_url: str | None
    target_webhook_url: str
    payload: str = Field(description="The exact body sent: the run's object as compact JSON.")
    headers: dict[str, str]
    status_code: int | None
    latency_ms: int | None = Field(
        description="Milliseconds from sending the POST to its answer (or its network error); "
        "null when nothing was sent (a refused URL, nothing to sign with)."
    )
    response_body: str | None
    error: str | None
    request: SentWebhookRequest
    response: ReceivedWebhookResponse | None
    webhook_schedule: WebhookScheduleObject | None


class WebhookAttemptObject(ResponseObject):
    """One delivery of a run's webhook: where it went and what came back."""

    attempt_id: str
    run_id: str
    url: str
    trigger: Literal["finished", "retry"]
    status_code: int | None
    error: str | None
    response_body: str | None = Field(description="The first 2000 characters.")
    created_at: Timestamp
    duration_ms: int
