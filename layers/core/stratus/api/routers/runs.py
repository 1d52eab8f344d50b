"""Runs: ``/v1/run/tasks`` and ``/v1/runs/{run_id}`` (the official SDK's routes)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query

from ...contract.artifact_types import ArtifactType
from ...contract.artifacts import artifact_payloads
from ...contract.commands import create_task_run
from ...contract.fields import MAX_ITERATIONS_LIMIT, MAX_STEPS_LIMIT
from ...contract.requests import RunTaskRequest
from ...contract.responses import (
    ArtifactObject,
    BulkCancelObject,
    RunObject,
    TimelineEntryObject,
    WebhookReportObject,
)
from ...contract.run_tags import BulkCancelRequest
from ...contract.timeline import timeline_payload
from ...contract.views import run_object_payload
from ..auth import CurrentKey
from ..deps import AppUrlFor, Runs, UrlFor, create_prepared, with_trailing_slash
from .webhook_report import RetryWebhookBody, retry_webhook

router = APIRouter(tags=["runs"])


@with_trailing_slash(
    router.post,
    "/v1/run/tasks",
    summary="Run a task",
    responses={200: {"model": RunObject}},
)
async def run_task(
    body: RunTaskRequest,
    key: CurrentKey,
    runs: Runs,
    url_for: UrlFor,
    app_url_for: AppUrlFor,
    x_user_agent: Annotated[str | None, Header(max_length=1000)] = None,
    x_max_steps_override: Annotated[int | None, Header(ge=1, le=MAX_STEPS_LIMIT)] = None,
    x_max_iterations_override: Annotated[int | None, Header(ge=1, le=MAX_ITERATIONS_LIMIT)] = None,
) -> dict[str, Any]:
    run = await create_prepared(
        runs,
        lambda: runs.prepare_run(
            key,
            create_task_run(
                body,
                user_agent=x_user_agent,
                max_steps_override=x_max_steps_override,
                max_iterations_override=x_max_iterations_override,
            ),
        ),
    )
    return run_object_payload(run, url_for=url_for, app_url_for=app_url_for)


@with_trailing_slash(
    router.get,
    "/v1/runs/{run_id}",
    summary="Get a run (tsk_, tsk_v2_ or wr_ id)",
    responses={200: {"model": RunObject}},
)
def get_run(
    run_id: str, key: CurrentKey, runs: Runs, url_for: UrlFor, app_url_for: AppUrlFor
) -> dict[str, Any]:
    run = runs.get(key.organization_id, run_id)
    return run_object_payload(run, url_for=url_for, app_url_for=app_url_for)


@with_trailing_slash(
    router.post,
    "/v1/runs/{run_id}/cancel",
    summary="Cancel a run",
    responses={200: {"model": RunObject}},
)
def cancel_run(
    run_id: str, key: CurrentKey, runs: Runs, url_for: UrlFor, app_url_for: AppUrlFor
) -> dict[str, Any]:
    run = runs.cancel(key.organization_id, run_id)
    return run_object_payload(run, url_for=url_for, app_url_for=app_url_for)


@with_trailing_slash(
    router.post,
    "/v1/runs/cancel",
    summary="Cancel several runs",
    responses={200: {"model": BulkCancelObject}},
)
def bulk_cancel_runs(body: BulkCancelRequest, key: CurrentKey, runs: Runs) -> dict[str, Any]:
    canceled, refused = runs.cancel_many(key.organization_id, body.run_ids)
    return {"cancelled": canceled, "failed": refused}


@with_trailing_slash(
    router.get,
    "/v1/runs/{run_id}/timeline",
    summary="A run's timeline: its steps and webhook deliveries, oldest first",
    responses={200: {"model": list[TimelineEntryObject]}},
)
def get_run_timeline(run_id: str, key: CurrentKey, runs: Runs) -> list[dict[str, Any]]:
    run = runs.get(key.organization_id, run_id)
    steps = runs.steps(key.organization_id, run.run_id)
    attempts = runs.webhook_attempts(key.organization_id, run.run_id)
    return timeline_payload(run, steps, attempts)


@with_trailing_slash(
    router.post,
    "/v1/runs/{run_id}/retry_webhook",
    summary="Send a run's webhook again",
    responses={200: {"model": WebhookReportObject}},
)
async def retry_run_webhook(
    run_id: str, key: CurrentKey, runs: Runs, body: RetryWebhookBody = None
) -> dict[str, Any]:
    return await retry_webhook(runs, key.organization_id, run_id, body)


@with_trailing_slash(
    router.get,
    "/v1/runs/{run_id}/artifacts",
    summary="List a run's artifacts",
    responses={200: {"model": list[ArtifactObject]}},
)
def list_run_artifacts(
    run_id: str,
    key: CurrentKey,
    runs: Runs,
    url_for: UrlFor,
    artifact_type: Annotated[list[ArtifactType] | None, Query(max_length=50)] = None,
) -> list[dict[str, Any]]:
    run = runs.get(key.organization_id, run_id)
    steps = runs.steps(key.organization_id, run.run_id)
    types = frozenset(artifact_type) if artifact_type else None
    return artifact_payloads(run, steps, url_for=url_for, types=types)
