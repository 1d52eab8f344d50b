"""v1 tasks: ``/api/v1/tasks``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response

from ...contract.commands import create_v1_task
from ...contract.fields import MAX_STEPS_LIMIT
from ...contract.requests import V1TaskRequest
from ...contract.responses import CreatedTask, StepObject, V1TaskObject, WebhookReportObject
from ...contract.views import step_payload, v1_task_payload
from ...domain.run_query import RunQuery
from ...domain.status import ApiFamily, RunStatus
from ..auth import CurrentKey
from ..deps import Runs, UrlFor, create_prepared, with_trailing_slash
from .paging import PAGING_HEADERS_DOC, PageNumber, set_paging_headers
from .webhook_report import RetryWebhookBody, retry_webhook

router = APIRouter(tags=["v1 tasks"])

MaxStepsOverride = Annotated[
    int | None,
    Header(ge=1, le=MAX_STEPS_LIMIT, description="Overrides the step limit of this task."),
]
V1_LIST_FAMILIES = frozenset({ApiFamily.v1, ApiFamily.runs})


@with_trailing_slash(
    router.post,
    "/api/v1/tasks",
    summary="Create a task",
    responses={200: {"model": CreatedTask}},
)
async def create_task(
    body: V1TaskRequest,
    key: CurrentKey,
    runs: Runs,
    x_max_steps_override: MaxStepsOverride = None,
) -> dict[str, Any]:
    run = await create_prepared(
        runs,
        lambda: runs.prepare_run(
            key, create_v1_task(body, max_steps_override=x_max_steps_override)
        ),
    )
    return {"task_id": run.run_id}


@with_trailing_slash(
    router.get,
    "/api/v1/tasks",
    summary="List tasks, newest first",
    responses={200: {"model": list[V1TaskObject], "headers": PAGING_HEADERS_DOC}},
)
def list_tasks(
    request: Request,
    response: Response,
    key: CurrentKey,
    runs: Runs,
    url_for: UrlFor,
    page: PageNumber = 1,
    page_size: Annotated[int, Query(ge=1)] = 10,
    status: Annotated[
        list[RunStatus] | None,
        Query(max_length=len(RunStatus), description="Keep tasks in any of these statuses."),
    ] = None,
) -> list[dict[str, Any]]:
    query = RunQuery(statuses=frozenset(status) if status else None)
    found = runs.list_page(
        key.organization_id,
        query,
        page=page,
        page_size=page_size,
        api_families=V1_LIST_FAMILIES,
    )
    set_paging_headers(request, response, found)
    return [v1_task_payload(run, url_for=url_for) for run in found.runs]


@with_trailing_slash(
    router.get,
    "/api/v1/tasks/{task_id}",
    summary="Get a task",
    responses={200: {"model": V1TaskObject}},
)
def get_task(task_id: str, key: CurrentKey, runs: Runs, url_for: UrlFor) -> dict[str, Any]:
    return v1_task_payload(runs.get(key.organization_id, task_id), url_for=url_for)


@with_trailing_slash(
    router.get,
    "/api/v1/tasks/{task_id}/steps",
    summary="List a task's steps",
    responses={200: {"model": list[StepObject]}},
)
def list_steps(task_id: str, key: CurrentKey, runs: Runs) -> list[dict[str, Any]]:
    return [step_payload(step) for step in runs.steps(key.organization_id, task_id)]


@with_trailing_slash(
    router.post,
    "/api/v1/tasks/{task_id}/cancel",
    summary="Cancel a task",
    responses={200: {"model": V1TaskObject}},
)
def cancel_task(task_id: str, key: CurrentKey, runs: Runs, url_for: UrlFor) -> dict[str, Any]:
    return v1_task_payload(runs.cancel(key.organization_id, task_id), url_for=url_for)


@with_trailing_slash(
    router.post,
    "/api/v1/tasks/{task_id}/retry_webhook",
    summary="Send a task's webhook again",
    responses={200: {"model": WebhookReportObject}},
)
async def retry_task_webhook(
    task_id: str, key: CurrentKey, runs: Runs, body: RetryWebhookBody = None
) -> dict[str, Any]:
    return await retry_webhook(runs, key.organization_id, task_id, body)
