"""Run tags: set, read and delete a run's tags, and read many runs' tags at once.

The SDK names the run ``workflow_run_id``; any run id (``tsk_``, ``tsk_v2_``, ``wr_``) works.
Tags filter ``GET /v1/runs`` (``?tag=key:value``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from ...contract.responses import RunTagsBatchObject, RunTagsObject
from ...contract.run_tags import ApplyTagsRequest, run_tags_payload, tag_items
from ...domain.models import ApiKey
from ...domain.run_tags import TagChange
from ...services.runs import RunService
from ..auth import CurrentKey
from ..deps import Runs, with_trailing_slash

router = APIRouter(tags=["run tags"])

MAX_BATCH = 100
RUN_TAGS_DOC: dict[int | str, dict[str, Any]] = {200: {"model": RunTagsObject}}


def _change_tags(
    runs: RunService,
    key: ApiKey,
    workflow_run_id: str,
    *,
    sets: list[TagChange],
    deletes: list[TagChange],
) -> dict[str, Any]:
    run = runs.change_tags(
        key.organization_id, workflow_run_id, sets=sets, deletes=deletes, set_by=key.key_id
    )
    return run_tags_payload(workflow_run_id, run)


@with_trailing_slash(
    router.get, "/v1/runs/{workflow_run_id}/tags", summary="A run's tags", responses=RUN_TAGS_DOC
)
def get_run_tags(workflow_run_id: str, key: CurrentKey, runs: Runs) -> dict[str, Any]:
    return run_tags_payload(workflow_run_id, runs.get(key.organization_id, workflow_run_id))


@with_trailing_slash(
    router.post,
    "/v1/runs/{workflow_run_id}/tags",
    summary="Set and delete a run's tags at once",
    responses=RUN_TAGS_DOC,
)
def apply_run_tags(
    workflow_run_id: str, body: ApplyTagsRequest, key: CurrentKey, runs: Runs
) -> dict[str, Any]:
    return _change_tags(
        runs,
        key,
        workflow_run_id,
        sets=[TagChange(value=t.value, key=t.key) for t in body.tags or ()],
        deletes=[TagChange(value=t.value, key=t.key) for t in body.tags_to_delete or ()],
    )


@with_trailing_slash(
    router.delete,
    "/v1/runs/{workflow_run_id}/tags/{key}",
    summary="Delete a run's grouped tag",
    responses=RUN_TAGS_DOC,
)
def delete_run_tag(
    workflow_run_id: str,
    tag_key: Annotated[str, Path(alias="key", max_length=100)],
    key: CurrentKey,
    runs: Runs,
) -> dict[str, Any]:
    return _change_tags(runs, key, workflow_run_id, sets=[], deletes=[TagChange(key=tag_key)])


@with_trailing_slash(
    router.get,
    "/v1/run-tags",
    summary="Many runs' tags at once (runs of other organizations are absent)",
    responses={200: {"model": RunTagsBatchObject}},
)
def batch_get_run_tags(
    key: CurrentKey,
    runs: Runs,
    workflow_run_ids: Annotated[
        str, Query(max_length=MAX_BATCH * 130, description="Comma-separated run ids.")
    ] = "",
) -> dict[str, Any]:
    ids = [part.strip() for part in workflow_run_ids.split(",") if part.strip()][:MAX_BATCH]
    found = runs.runs_by_ids(key.organization_id, ids)
    return {"run_tags": {any_id: tag_items(run) for any_id, run in found.items()}}
