"""The artifact listing of a run: screenshots, page snapshots and model exchanges, with URLs."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from ..domain.models import Run, Step
from .artifact_types import ArtifactType
from .responses import ArtifactObject
from .timestamps import timestamp

# Step artifact names (without extension) -> the artifact types clients know.
_TYPE_BY_STEM = {
    "screenshot": "screenshot_action",
    "screenshot_final": "screenshot_final",
    "screenshot_llm": "screenshot_llm",
    "snapshot": "visible_elements_tree",
    "llm_prompt": "llm_prompt",
    "llm_request": "llm_request",
    "llm_response": "llm_response",
    "llm_reply": "llm_response",
    "html": "html",
    "state": "browser_state",
    "browser_state": "browser_state",
}


def artifact_type(name: str) -> str:
    """One of ``ArtifactType``: by the name's stem, else the generic ``artifact``."""
    stem = name.rsplit("/", 1)[-1].split(".", 1)[0].lower()
    if stem in _TYPE_BY_STEM:
        return _TYPE_BY_STEM[stem]
    if stem.startswith("screenshot"):
        return ArtifactType.screenshot_action.value
    if stem in ArtifactType.__members__:
        return ArtifactType(stem).value
    return ArtifactType.artifact.value


def artifact_id(key: str) -> str:
    """A stable ``a_<digits>`` id derived from the storage key."""
    digits = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") >> 1
    return f"a_{digits}"


def _entry(
    run: Run, key: str, kind: str, step: Step | None, url_for: Callable[[str], str]
) -> dict[str, Any]:
    created = step.created_at if step else run.modified_at
    modified = step.modified_at if step else run.modified_at
    url = url_for(key)
    return ArtifactObject.produce(
        artifact_id=artifact_id(key),
        artifact_type=kind,
        uri=key,
        signed_url=url,
        run_id=run.run_id,
        task_id=run.run_id,
        step_id=step.step_id if step else None,
        workflow_run_id=run.workflow_run_id,
        organization_id=run.organization_id,
        created_at=timestamp(created),
        modified_at=timestamp(modified),
    ).model_dump(mode="json")


def artifact_payloads(
    run: Run,
    steps: Iterable[Step],
    *,
    url_for: Callable[[str], str],
    types: frozenset[str] | None = None,
) -> list[dict[str, Any]]:
    """Every artifact of the run, oldest step first; ``types`` keeps only those types."""
    seen: set[str] = set()
    entries: list[dict[str, Any]] = []
    for step in steps:
        for name, key in step.artifact_keys.items():
            if key not in seen:
                seen.add(key)
                entries.append(_entry(run, key, artifact_type(name), step, url_for))
    for key in run.screenshot_keys:
        if key not in seen:
            seen.add(key)
            entries.append(_entry(run, key, "screenshot_action", None, url_for))
    if types:
        entries = [entry for entry in entries if entry["artifact_type"] in types]
    return entries
