"""The JSON the run viewer reads beyond the Tasks API: run summaries and webhook deliveries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..domain.models import Run, Step, WebhookAttempt
from .links import AppUrlFor
from .responses import RunSummaryObject, WebhookAttemptObject
from .timestamps import timestamp
from .views import run_request

MAX_RESPONSE_BODY_CHARS = 2000


def duration_seconds(run: Run) -> float | None:
    """From start to finish, or None while either is unknown."""
    if run.started_at is None or run.finished_at is None:
        return None
    return round(max((run.finished_at - run.started_at).total_seconds(), 0.0), 3)


def run_cost(steps: Iterable[Step]) -> float:
    return round(sum((step.cost for step in steps), 0.0), 6)


def run_summary_payload(
    run: Run, steps: Iterable[Step], *, app_url_for: AppUrlFor
) -> dict[str, Any]:
    return RunSummaryObject.produce(
        run_id=run.run_id,
        status=run.status.value,
        engine=run.engine.value,
        run_type=run.run_type.value,
        prompt=run_request(run).get("prompt") or run.spec.goal,
        url=run.spec.url,
        created_at=timestamp(run.created_at),
        started_at=timestamp(run.started_at),
        finished_at=timestamp(run.finished_at),
        duration_seconds=duration_seconds(run),
        step_count=run.step_count,
        cost=run_cost(steps),
        app_url=app_url_for(run.run_id),
    ).model_dump(mode="json")


def webhook_attempt_payload(attempt: WebhookAttempt) -> dict[str, Any]:
    body = attempt.response_body
    if body is not None and len(body) > MAX_RESPONSE_BODY_CHARS:
        body = body[:MAX_RESPONSE_BODY_CHARS]
    return WebhookAttemptObject.produce(
        attempt_id=attempt.attempt_id,
        run_id=attempt.run_id,
        url=attempt.url,
        trigger=attempt.trigger,
        status_code=attempt.status_code,
        error=attempt.error,
        response_body=body,
        created_at=timestamp(attempt.created_at),
        duration_ms=attempt.duration_ms,
    ).model_dump(mode="json")
