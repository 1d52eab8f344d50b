"""Payloads as the views build them, for runs of every family, engine and state, with outputs
of every JSON type: the samples the response-model tests validate."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from functools import cache
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
from stratus.contract.links import app_url_for, no_app_url
from stratus.contract.requests import RunTaskRequest, V1TaskRequest, V2TaskRequest
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
from stratus.contract.spec import RunOrigin, new_task_run, new_v1_run, new_v2_run
from stratus.contract.timeline import timeline_payload
from stratus.contract.viewer import run_summary_payload, webhook_attempt_payload
from stratus.contract.views import (
    run_object_payload,
    run_payload,
    step_payload,
    v1_task_payload,
    v2_task_payload,
)
from stratus.domain.browser_profiles import BrowserProfileRecord
from stratus.domain.browser_sessions import BrowserSessionRecord, BrowserSessionStatus
from stratus.domain.models import (
    ActionRecord,
    ApiKey,
    DownloadedFile,
    Run,
    RunTag,
    Step,
    TotpCode,
    WebhookAttempt,
)
from stratus.domain.run_commands import CreateRun
from stratus.domain.status import Engine, RunStatus, StepStatus
from stratus.domain.webhook_schedule import RetrySchedule, schedule_of
from stratus.services.webhooks import ReceivedResponse, SentRequest, WebhookReport

NOW = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
SITE = "https://jobs.example.com/apply"
OUTPUTS: list[Any] = [
    None,
    True,
    0,
    -7,
    3.25,
    1e20,
    "",
    "text with ünïcode ✓",
    [],
    [1, "a", None, {"k": [2.5, False]}],
    {},
    {"title": "Engineer", "items": [{"n": 1}], "nested": {"ok": False, "none": None}},
]
REQUEST_BODIES: list[V1TaskRequest | V2TaskRequest | RunTaskRequest] = [
    V1TaskRequest(url=SITE),
    V1TaskRequest(
        url=SITE,
        title="Apply",
        navigation_goal="Apply for the job",
        data_extraction_goal="The confirmation number",
        navigation_payload={"name": "Ada", "years": 7, "tags": ["x"]},
        extracted_information_schema={"type": "object", "properties": {"n": {"type": "string"}}},
        error_code_mapping={"NO_JOB": "the job is gone", "BLANK": None},
        webhook_callback_url="https://hooks.example.com/done",
        totp_verification_url="https://hooks.example.com/totp",
        totp_identifier="ada@example.com",
        proxy_location="RESIDENTIAL_GB",
        browser_session_id="pbs_1",
        extra_http_headers={"X-Trace": "1", "X-Empty": None},
        include_action_history_in_verification=True,
        max_screenshot_scrolls=3,
        browser_address="ws://127.0.0.1:9222/devtools/browser/x",
        model={"model_name": "gpt-4o", "temperature": 0.2},
    ),
    V2TaskRequest(user_prompt="Find the cheapest flight"),
    V2TaskRequest(
        user_prompt="Find the cheapest flight",
        url=SITE,
        webhook_callback_url="https://hooks.example.com/done",
        proxy_location={"country": "US", "subdivision": "CA", "city": "Fresno"},
        extracted_information_schema="the price and the airline",
        error_code_mapping={"SOLD_OUT": "no seats"},
        publish_workflow=True,
        max_screenshot_scrolls=0,
    ),
    *[RunTaskRequest(prompt="Read the headline", engine=engine) for engine in Engine],
    *[
        RunTaskRequest(
            prompt="Read the headline",
            url=SITE,
            engine=engine,
            title="Headline",
            proxy_location={"country": "de"},
            data_extraction_schema=[{"type": "string"}],
            max_steps=4,
            webhook_url="https://hooks.example.com/done",
            totp_url="https://hooks.example.com/totp",
            model={"name": "claude"},
            publish_workflow=None,
            run_with=run_with,
        )
        for engine, run_with in zip(Engine, ["agent", "code", None, "agent", "code"], strict=True)
    ],
]


def url_for(key: str) -> str:
    return f"https://files.example.com/{key}?signature=ab12"


def created_run(body: V1TaskRequest | V2TaskRequest | RunTaskRequest, index: int) -> Run:
    numbers = count(index * 10)
    origin = RunOrigin(organization_id="o_1", api_key_id="ak_1", now=NOW, default_max_steps=10)
    new_id = lambda prefix: f"{prefix}_{next(numbers)}"  # noqa: E731
    if isinstance(body, V1TaskRequest):
        return new_v1_run(body, origin, new_id)
    if isinstance(body, V2TaskRequest):
        return new_v2_run(body, origin, new_id)
    return new_task_run(body, origin, new_id)


def in_state(run: Run, status: RunStatus, output: Any) -> Run:
    """The run as it looks once it has reached ``status``, with what that status brings."""
    later = NOW + timedelta(seconds=30)
    terminal = status.is_terminal
    changes: dict[str, Any] = {
        "status": status,
        "modified_at": later,
        "queued_at": None if status is RunStatus.created else NOW,
        "started_at": NOW + timedelta(seconds=1)
        if status is RunStatus.running or terminal
        else None,
        "finished_at": later if terminal else None,
        "output": output,
        "step_count": 3 if terminal else 0,
        "screenshot_keys": [f"{run.run_id}/s{n}.png" for n in range(3 if terminal else 0)],
        "ai_fallback_triggered": status is RunStatus.completed,
    }
    if status in (RunStatus.failed, RunStatus.terminated, RunStatus.timed_out):
        changes["failure_reason"] = f"{status.value}: step limit reached (10)"
    if status is RunStatus.terminated:
        changes["errors"] = [{"error_code": "NO_JOB", "reasoning": "the posting was removed"}]
    if status is RunStatus.completed:
        changes["summary"] = "Done."
        changes["downloaded_files"] = [
            DownloadedFile(url=f"{run.run_id}/a.pdf", checksum="c0ffee", filename="a.pdf"),
            DownloadedFile(
                url="https://cdn.example.com/b.csv", checksum="", filename="b.csv", modified_at=NOW
            ),
        ]
    return run.model_copy(update=changes)


@cache
def runs() -> tuple[Run, ...]:
    every: list[Run] = []
    for index, body in enumerate(REQUEST_BODIES):
        run = created_run(body, index)
        for number, status in enumerate(RunStatus):
            every.append(in_state(run, status, OUTPUTS[(index + number) % len(OUTPUTS)]))
    return tuple(every)


def steps_of(run: Run) -> list[Step]:
    actions = [
        ActionRecord(action_type="click", element_id="e3", reasoning="the submit button"),
        ActionRecord(
            action_type="input_text",
            element_id="e7",
            params={"text": "Ada", "target": {"role": "textbox"}},
            success=False,
            error="the field is gone",
        ),
        *[ActionRecord(action_type="extract", data=value) for value in OUTPUTS],
        ActionRecord(action_type="complete"),
    ]
    return [
        Step(
            step_id=f"stp_{order}_{retry}",
            run_id=run.run_id,
            organization_id=run.organization_id,
            order=order,
            retry_index=retry,
            status=status,
            input_token_count=1200 * order,
            output_token_count=80,
            cost=cost,
            url=SITE if order else None,
            actions=actions[: order * 6],
            failure_reason="a timeout" if status is StepStatus.failed else None,
            artifact_keys={
                "screenshot.png": f"{run.run_id}/{order}/screenshot.png",
                "snapshot.json": f"{run.run_id}/{order}/snapshot.json",
                "llm_reply.json": f"{run.run_id}/{order}/llm_reply.json",
            },
            created_at=NOW + timedelta(seconds=order),
            modified_at=NOW + timedelta(seconds=order, microseconds=5),
        )
        for order, (retry, status, cost) in enumerate(
            [(0, StepStatus.completed, 0.0), (1, StepStatus.failed, 0.0125)]
            + [(0, status, 2) for status in StepStatus]
        )
    ]


def webhook_reports(run: Run) -> list[WebhookReport]:
    sent = SentRequest(
        url=run.webhook_url or "https://other.example.com/hook",
        headers={"content-type": "application/json", "x-skyvern-signature": "ab"},
        body=json.dumps(run_payload(run, url_for=url_for), separators=(",", ":")),
    )
    answer = ReceivedResponse(status_code=500, headers={"x-a": "b"}, body="oops")
    waiting = run.model_copy(
        update={"webhook_state": "pending", "webhook_attempts": 2, "webhook_next_attempt_at": NOW}
    )
    return [
        WebhookReport(request=sent, response=answer),
        WebhookReport(
            request=sent,
            error="ConnectionError: refused",
            schedule=schedule_of(waiting, RetrySchedule()),
        ),
        WebhookReport(request=sent, response=answer, schedule=schedule_of(run, RetrySchedule())),
    ]


TOTP_CODES = [
    TotpCode(
        totp_id="totp_1",
        organization_id="o_1",
        totp_identifier="ada@example.com",
        content="Your code is 123456",
        code="123456",
    ),
    TotpCode(
        totp_id="totp_2",
        organization_id="o_1",
        totp_identifier="ada@example.com",
        content="no digits here",
        code=None,
        task_id="tsk_1",
        workflow_run_id="wr_2",
        source="email",
        expired_at=NOW,
        created_at=NOW,
    ),
]


BROWSER_SESSIONS = [
    BrowserSessionRecord(
        browser_session_id="pbs_1", organization_id="o_1", created_at=NOW, modified_at=NOW
    ),
    BrowserSessionRecord(
        browser_session_id="pbs_2",
        organization_id="o_1",
        status=BrowserSessionStatus.completed,
        url=SITE,
        timeout_minutes=240,
        runnable_type="task",
        runnable_id="tsk_1",
        created_at=NOW,
        started_at=NOW,
        completed_at=NOW,
        modified_at=NOW,
    ),
]


BROWSER_PROFILES = [
    BrowserProfileRecord(
        browser_profile_id="bp_1",
        organization_id="o_1",
        name="shop",
        sealed_state="{}",
        created_at=NOW,
        modified_at=NOW,
    ),
    BrowserProfileRecord(
        browser_profile_id="bp_2",
        organization_id="o_1",
        name="old",
        description="signed in",
        source_browser_session_id="pbs_1",
        proxy_location={"country": "US", "subdivision": None, "city": None},
        sealed_state="{}",
        created_at=NOW,
        modified_at=NOW,
        deleted_at=NOW,
    ),
]

_FILE = {"key": "o_1/tsk_1/recording/video-001.webm", "url": "https://a/v", "bytes": 3}
RECORDINGS = [
    {"videos": [], "traces": [], "bytes": 0, "skipped": []},
    {
        "videos": [{**_FILE, "step": None, "at": "2026-01-01T00:00:00+00:00"}],
        "traces": [{**_FILE, "key": "o_1/tsk_1/recording/trace-001.zip", "step": 1, "at": "x"}],
        "bytes": 6,
        "skipped": [{"kind": "video", "step": None, "bytes": 9, "reason": "over the size cap"}],
    },
]


APP_URLS = (app_url_for("https://stratus.example.com"), no_app_url)

WEBHOOK_ATTEMPTS = [
    WebhookAttempt(
        attempt_id="wha_1",
        run_id="tsk_1",
        organization_id="o_1",
        url="https://hooks.example.com/in",
        request_headers={"x-skyvern-signature": "ab"},
        request_body="{}",
        status_code=200,
        response_body="ok" * 2000,
        created_at=NOW,
        duration_ms=12,
    ),
    WebhookAttempt(
        attempt_id="wha_2",
        run_id="tsk_1",
        organization_id="o_1",
        url="https://hooks.example.com/in",
        request_headers={},
        request_body="{}",
        error="ConnectError: refused",
        trigger="retry",
        created_at=NOW,
    ),
]


class CreatingRuns:
    """Just enough of the run service for the create-v1 route's own body to run."""

    preparing_may_resolve_names = False

    def prepare_run(self, key: ApiKey, command: CreateRun) -> Run:
        numbers = count(99 * 10)
        origin = RunOrigin(organization_id="o_1", api_key_id="ak_1", now=NOW, default_max_steps=10)
        return command.build(origin, lambda prefix: f"{prefix}_{next(numbers)}")

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


TAGS = [RunTag(key="env", value="prod", set_at=NOW, set_by="ak_1"), RunTag(value="urgent")]


def tagged_runs(every_run: tuple[Run, ...]) -> list[Run]:
    return [
        run.model_copy(update={"tags": TAGS[: index % 3]}) for index, run in enumerate(every_run)
    ]
