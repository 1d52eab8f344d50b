"""Run tags in the SDK's shapes: ``RunTagsResponse`` and ``RunTagsBatchResponse``."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints

from ..domain.models import Run
from .requests import RequestModel
from .responses import RunTagObject, RunTagsObject
from .timestamps import timestamp

TagText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100, pattern=r"\S")
]
ColorName = Annotated[str, StringConstraints(max_length=32)]
MAX_TAG_CHANGES = 50


class TagInput(RequestModel):
    key: TagText | None = None
    value: TagText


class TagDeleteInput(RequestModel):
    key: TagText | None = None
    value: TagText | None = None


class ApplyTagsRequest(RequestModel):
    """``POST /v1/runs/{run_id}/tags``: deletes first, then sets (set wins on the same key)."""

    tags: list[TagInput] | None = Field(default=None, max_length=MAX_TAG_CHANGES)
    tags_to_delete: list[TagDeleteInput] | None = Field(default=None, max_length=MAX_TAG_CHANGES)
    colors: dict[TagText, ColorName | None] | None = Field(
        default=None,
        max_length=MAX_TAG_CHANGES,
        description="Accepted for compatibility; Stratus keeps no colors.",
    )


class BulkCancelRequest(RequestModel):
    run_ids: list[Annotated[str, StringConstraints(max_length=128)]] = Field(max_length=1000)


def run_tags_payload(any_id: str, run: Run) -> dict[str, Any]:
    return RunTagsObject.produce(
        workflow_run_id=any_id,
        tags=[
            RunTagObject.produce(
                key=tag.key,
                value=tag.value,
                source="api",
                set_at=timestamp(tag.set_at),
                set_by=tag.set_by,
            )
            for tag in run.tags
        ],
    ).model_dump(mode="json")


def tag_items(run: Run) -> list[dict[str, Any]]:
    return [{"key": tag.key, "value": tag.value} for tag in run.tags]
