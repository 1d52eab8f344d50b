"""v2 tasks: ``/api/v2/tasks``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header

from ...contract.commands import create_v2_task
from ...contract.fields import MAX_ITERATIONS_LIMIT
from ...contract.requests import V2TaskRequest
from ...contract.responses import V2TaskObject
from ...contract.views import v2_task_payload
from ..auth import CurrentKey
from ..deps import Runs, UrlFor, create_prepared, with_trailing_slash

router = APIRouter(tags=["v2 tasks"])

MaxIterationsOverride = Annotated[
    int | None,
    Header(ge=1, le=MAX_ITERATIONS_LIMIT, description="Overrides the iteration limit (10)."),
]


@with_trailing_slash(
    router.post,
    "/api/v2/tasks",
    summary="Create a v2 task",
    responses={200: {"model": V2TaskObject}},
)
async def create_task_v2(
    body: V2TaskRequest,
    key: CurrentKey,
    runs: Runs,
    url_for: UrlFor,
    x_max_iterations_override: MaxIterationsOverride = None,
) -> dict[str, Any]:
    run = await create_prepared(
        runs,
        lambda: runs.prepare_run(
            key, create_v2_task(body, max_iterations_override=x_max_iterations_override)
        ),
    )
    return v2_task_payload(run, url_for=url_for)


@with_trailing_slash(
    router.get,
    "/api/v2/tasks/{task_id}",
    summary="Get a v2 task",
    responses={200: {"model": V2TaskObject}},
)
def get_task_v2(task_id: str, key: CurrentKey, runs: Runs, url_for: UrlFor) -> dict[str, Any]:
    return v2_task_payload(runs.get_v2_task(key.organization_id, task_id), url_for=url_for)
