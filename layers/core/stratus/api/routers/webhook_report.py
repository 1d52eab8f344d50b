"""The answer of ``retry_webhook``: what was sent and what came back."""

from __future__ import annotations

from typing import Any

from ...domain.models import Run
from ...services.webhooks import WebhookReport


def webhook_report_payload(run: Run, report: WebhookReport) -> dict[str, Any]:
    response = report.response
    return {
        "run_id": run.run_id,
        "run_type": run.run_type.value,
        "default_webhook_url": run.webhook_url,
        "target_webhook_url": report.request.url,
        "payload": report.request.body,
        "headers": dict(report.request.headers),
        "status_code": response.status_code if response else None,
        "latency_ms": None,
        "response_body": response.body if response else None,
        "error": report.error,
        "request": report.request.model_dump(),
        "response": response.model_dump() if response else None,
    }
