"""Sending a webhook again, and the answer: what was sent and what came back."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body

from ...contract.requests import RetryWebhookRequest
from ...contract.responses import WebhookReportObject, WebhookScheduleObject
from ...domain.models import Run
from ...services.runs import RunService
from ...services.webhooks import WebhookReport

RetryWebhookBody = Annotated[RetryWebhookRequest | None, Body()]


async def retry_webhook(
    runs: RunService, organization_id: str, run_id: str, body: RetryWebhookRequest | None
) -> dict[str, Any]:
    """Send a run's webhook again (to ``body.webhook_url`` this once, when given)."""
    target = body.webhook_url if body else None
    run, report = await runs.retry_webhook(organization_id, run_id, target_url=target)
    return webhook_report_payload(run, report)


def webhook_report_payload(run: Run, report: WebhookReport) -> dict[str, Any]:
    response = report.response
    schedule = report.schedule
    return WebhookReportObject(
        run_id=run.run_id,
        run_type=run.run_type,
        default_webhook_url=run.webhook_url,
        target_webhook_url=report.request.url,
        payload=report.request.body,
        headers=dict(report.request.headers),
        status_code=response.status_code if response else None,
        latency_ms=report.latency_ms,
        response_body=response.body if response else None,
        error=report.error,
        request=report.request,
        response=response,
        webhook_schedule=(
            None
            if schedule is None
            else WebhookScheduleObject.model_validate(schedule.model_dump(mode="json"))
        ),
    ).model_dump(mode="json")
