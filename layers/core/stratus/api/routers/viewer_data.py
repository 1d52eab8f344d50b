"""What the run viewer reads beyond the Tasks API: a filtered listing of every run family,
and a run's webhook deliveries. Authenticated and scoped to the key's organization."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from ...contract.responses import RecordingObject, RunSummaryObject, WebhookAttemptObject
from ...contract.viewer import run_summary_payload, webhook_attempt_payload
from ...domain.status import RunStatus
from ..auth import CurrentKey
from ..deps import AppUrlFor, Recordings, Runs, UrlFor, with_trailing_slash
from .paging import PageNumber, PageSize

router = APIRouter(tags=["run viewer"])


@with_trailing_slash(
    router.get,
    "/v1/viewer/runs",
    summary="List runs of every kind, newest first, with duration and cost",
    responses={200: {"model": list[RunSummaryObject]}},
)
def list_run_summaries(
    key: CurrentKey,
    runs: Runs,
    app_url_for: AppUrlFor,
    status: Annotated[list[RunStatus] | None, Query(max_length=len(RunStatus))] = None,
    page: PageNumber = 1,
    page_size: PageSize = 20,
) -> list[dict[str, Any]]:
    statuses = frozenset(status) if status else None
    found = runs.list(key.organization_id, page=page, page_size=page_size, statuses=statuses)
    return [
        run_summary_payload(
            run, runs.steps(key.organization_id, run.run_id), app_url_for=app_url_for
        )
        for run in found
    ]


@with_trailing_slash(
    router.get,
    "/v1/viewer/runs/{run_id}/webhook_attempts",
    summary="List the deliveries of a run's webhook, oldest first",
    responses={200: {"model": list[WebhookAttemptObject]}},
)
def list_webhook_attempts(run_id: str, key: CurrentKey, runs: Runs) -> list[dict[str, Any]]:
    return [
        webhook_attempt_payload(attempt)
        for attempt in runs.webhook_attempts(key.organization_id, run_id)
    ]


@with_trailing_slash(
    router.get,
    "/v1/viewer/runs/{run_id}/recording",
    summary="A run's recording: its videos in order and a trace per step, freshly signed",
    responses={200: {"model": RecordingObject}},
)
def get_recording(
    run_id: str, key: CurrentKey, runs: Runs, recordings: Recordings, url_for: UrlFor
) -> dict[str, Any]:
    run = runs.get(key.organization_id, run_id)
    if not run.recording_key:
        return {"videos": [], "traces": [], "bytes": 0, "skipped": []}
    return recordings.playlist(run.recording_key, url_for)
