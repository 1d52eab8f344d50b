"""The run-history listing (``GET /v1/runs``): the SDK's ``TaskRunListItem``, key for key,
and the paging headers every listing carries."""

from __future__ import annotations

from typing import Any, Literal

from ..domain.models import Run
from ..domain.status import RunStatus
from .responses import RunListItemObject
from .timestamps import timestamp

# Every run type the SDK may ask for; those Stratus never creates simply match no run.
RunTypeName = Literal[
    "task_v1",
    "task_v2",
    "task_v3",
    "workflow_run",
    "openai_cua",
    "anthropic_cua",
    "ui_tars",
    "yutori_navigator",
]

# Every status the SDK may ask for; ``paused`` is one no Stratus run ever has.
RunStatusName = Literal[
    "created",
    "queued",
    "running",
    "paused",
    "timed_out",
    "failed",
    "terminated",
    "completed",
    "canceled",
]


def stratus_statuses(names: list[str] | None) -> frozenset[RunStatus] | None:
    """The statuses asked for that a run can have (None: no filter)."""
    if not names:
        return None
    known = {status.value for status in RunStatus}
    return frozenset(RunStatus(name) for name in names if name in known)


TOTAL_HEADER = "x-total-count"
NEXT_PAGE_HEADER = "x-next-page"


def run_list_item_payload(run: Run) -> dict[str, Any]:
    return RunListItemObject.produce(
        task_run_id=run.run_id,
        run_id=run.run_id,
        task_run_type=run.run_type.value,
        status=run.status.value,
        title=run.title,
        started_at=timestamp(run.started_at),
        finished_at=timestamp(run.finished_at),
        created_at=timestamp(run.created_at),
        workflow_permanent_id=run.workflow_permanent_id,
        workflow_deleted=None,
        script_run=run.run_with == "code",
        trigger_type="api",
        tags=[{"key": tag.key, "value": tag.value} for tag in run.tags],
    ).model_dump(mode="json")


def paging_headers(total: int, next_page: int | None, next_url: str | None) -> dict[str, str]:
    """``x-total-count``; with a next page, ``x-next-page`` and a ``Link: rel="next"``."""
    headers = {TOTAL_HEADER: str(total)}
    if next_page is not None:
        headers[NEXT_PAGE_HEADER] = str(next_page)
        if next_url is not None:
            headers["link"] = f'<{next_url}>; rel="next"'
    return headers
