"""Payloads as the views build them, for runs of every family, engine and state, with outputs
of every JSON type: the samples the response-model tests validate."""

from __future__ import annotations

import asyncio
from itertools import count
from typing import Any

from pydantic import BaseModel

from stratus.api.routers.health import health, version
from stratus.api.routers.totp import totp_code_payload
from stratus.api.routers.v1_tasks import create_task
from stratus.api.routers.webhook_report import webhook_report_payload
from stratus.contract.artifacts import artifact_payloads
from stratus.contract.browser_profiles import browser_profile_payload
from stratus.contract.browser_sessions import browser_session_payload
from stratus.contract.requests import V1TaskRequest
from stratus.contract.responses import (
    ArtifactObject,
    BrowserProfileObject,
    BrowserSessionObject,
    BulkCancelObject,
    CreatedTask,
    HealthObject,
    RecordingObject,
    RunListItemObject,
    RunObject,
    RunSummaryObject,
    RunTagsBatchObject,
    RunTagsObject,
    StepObject,
    TimelineEntryObject,
    TotpCodeObject,
    UploadedFileObject,
    V1TaskObject,
    V2TaskObject,
    VersionObject,
    WebhookAttemptObject,
    WebhookReportObject,
)
from stratus.contract.run_list import run_list_item_payload
from stratus.contract.run_tags import run_tags_payload, tag_items
from stratus.contract.timeline import timeline_payload
from stratus.contract.viewer import run_summary_payload, webhook_attempt_payload
from stratus.contract.views import (
    run_object_payload,
    step_payload,
    v1_task_payload,
    v2_task_payload,
)
from stratus.domain.models import (
    ApiKey,
    Run,
)
from stratus.domain.run_commands import CreateRun, RunOrigin
from tests.unit.contract.sample_records import (
    APP_URLS,
    BROWSER_PROFILES,
    BROWSER_SESSIONS,
    RECORDINGS,
    TOTP_CODES,
    WEBHOOK_ATTEMPTS,
)
from tests.unit.contract.sample_runs import (
    NOW,
    REQUEST_BODIES,
    runs,
    steps_of,
    tagged_runs,
    url_for,
    webhook_reports,
)


class CreatingRuns:
    """Just enough of the run service for the create-v1 route's own body to run."""

    preparing_may_resolve_names = False

    def prepare_run(self, key: ApiKey, command: CreateRun) -> Run:
        numbers = count(99 * 10)
        origin = RunOrigin(organization_id="o_1", api_key_id="ak_1", now=NOW, default_max_steps=10)
        return command.build(origin, lambda prefix: f"{prefix}_{next(numbers)}")

    def store_and_start_at_once(self, runs: list[Run]) -> list[Run] | None:
        return runs

    def store_and_start(self, run: Run) -> Run:
        return run


def payloads_by_model() -> dict[type[BaseModel], list[Any]]:
    every_run = runs()
    key = ApiKey(key_id="ak_1", organization_id="o_1", name="t", digest="d", sealed="s")
    v1_bodies = [body for body in REQUEST_BODIES if isinstance(body, V1TaskRequest)]
    return {
        HealthObject: [health()],
        CreatedTask: [asyncio.run(create_task(body, key, CreatingRuns())) for body in v1_bodies],
        RunObject: [
            run_object_payload(run, url_for=url_for, app_url_for=links)
            for run in every_run
            for links in APP_URLS
        ],
        RunSummaryObject: [
            run_summary_payload(run, steps, app_url_for=links)
            for run in every_run
            for steps in (steps_of(run), [])
            for links in APP_URLS
        ],
        WebhookAttemptObject: [webhook_attempt_payload(attempt) for attempt in WEBHOOK_ATTEMPTS],
        V1TaskObject: [v1_task_payload(run, url_for=url_for) for run in every_run],
        V2TaskObject: [v2_task_payload(run, url_for=url_for) for run in every_run],
        StepObject: [step_payload(step) for step in steps_of(every_run[0])],
        ArtifactObject: [
            entry
            for run in every_run[:16]
            for entry in artifact_payloads(run, steps_of(run), url_for=url_for)
        ],
        WebhookReportObject: [
            webhook_report_payload(run, report)
            for run in every_run[::7]
            for report in webhook_reports(run)
        ],
        TotpCodeObject: [
            totp_code_payload(code, workflow_id=workflow)
            for code in TOTP_CODES
            for workflow in (None, "w_1")
        ],
        BrowserSessionObject: [browser_session_payload(record) for record in BROWSER_SESSIONS],
        BrowserProfileObject: [browser_profile_payload(record) for record in BROWSER_PROFILES],
        RecordingObject: RECORDINGS,
        VersionObject: [version()],
        UploadedFileObject: [
            {
                "s3_uri": "file:///data/files/o_1/resume.pdf",
                "presigned_url": url_for("uploads/o_1/resume.pdf"),
                "filename": "resume.pdf",
            }
        ],
        RunListItemObject: [run_list_item_payload(run) for run in tagged_runs(every_run)],
        BulkCancelObject: [{"cancelled": ["tsk_1"], "failed": []}, {"cancelled": [], "failed": []}],
        RunTagsObject: [run_tags_payload(run.run_id, run) for run in tagged_runs(every_run)],
        RunTagsBatchObject: [
            {"run_tags": {r.run_id: tag_items(r) for r in tagged_runs(every_run)}}
        ],
        TimelineEntryObject: [
            entry
            for run in every_run[:16]
            for entry in timeline_payload(run, steps_of(run), WEBHOOK_ATTEMPTS)
        ],
    }
