"""Runs of every family, engine and state, with outputs of every JSON type, and what
comes with them (steps, webhook reports, tags): the samples the views are fed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import count
from typing import Any

from stratus.contract.requests import RunTaskRequest, V1TaskRequest, V2TaskRequest
from stratus.contract.responses import (
    ReceivedWebhookResponse,
    SentWebhookRequest,
)
from stratus.contract.spec import RunOrigin, new_task_run, new_v1_run, new_v2_run
from stratus.contract.views import (
    run_payload,
)
from stratus.domain.models import (
    ActionRecord,
    DownloadedFile,
    Run,
    RunTag,
    Step,
)
from stratus.domain.status import Engine, RunStatus, StepStatus
from stratus.domain.webhook_schedule import RetrySchedule, schedule_of
from stratus.services.webhooks import WebhookReport

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
    sent = SentWebhookRequest(
        url=run.webhook_url or "https://other.example.com/hook",
        headers={"content-type": "application/json", "x-skyvern-signature": "ab"},
        body=json.dumps(run_payload(run, url_for=url_for), separators=(",", ":")),
    )
    answer = ReceivedWebhookResponse(status_code=500, headers={"x-a": "b"}, body="oops")
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


TAGS = [RunTag(key="env", value="prod", set_at=NOW, set_by="ak_1"), RunTag(value="urgent")]


def tagged_runs(every_run: tuple[Run, ...]) -> list[Run]:
    return [
        run.model_copy(update={"tags": TAGS[: index % 3]}) for index, run in enumerate(every_run)
    ]
