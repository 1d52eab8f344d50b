"""Store what a step produced: artifacts, the step record, and the run's progress."""

from __future__ import annotations

from typing import Any

from ..agent.secret_fields import mask_outcome, sensitive_values
from ..domain.engine import StepOutcome
from ..domain.models import DownloadedFile, Run, Step
from ..domain.status import StepStatus
from ..ports import ArtifactStore, Clock, Metrics, NoMetrics, RunCondition, RunStore


def artifact_key(run: Run, step: Step, name: str) -> str:
    safe = name.replace("/", "_").replace(":", "_")
    return f"{run.organization_id}/{run.run_id}/{step.order:03d}-{step.retry_index}/{safe}"


def record_outcome(
    *,
    store: RunStore,
    artifacts: ArtifactStore,
    clock: Clock,
    run: Run,
    step: Step,
    outcome: StepOutcome,
    owner: str,
    metrics: Metrics | None = None,
) -> Run:
    # payload values the request marked sensitive: masked in whatever any engine recorded
    outcome = mask_outcome(outcome, sensitive_values(run.spec.facts, run.spec.sensitive_fields))
    keys: dict[str, str] = {}
    screenshots: list[str] = []
    download_urls: dict[str, str] = {}
    for artifact in outcome.artifacts:
        key = artifact_key(run, step, artifact.name)
        artifacts.put(key, artifact.data, artifact.content_type)
        keys[artifact.name] = key
        if artifact.is_screenshot:
            screenshots.append(key)
        if artifact.name.startswith("download:"):
            filename = artifact.name.split(":", 1)[1]
            download_urls[filename] = artifacts.url_for(key)
    downloads = [
        d if d.url else d.model_copy(update={"url": download_urls.get(d.filename, "")})
        for d in outcome.downloaded_files
    ]
    now = clock.now()
    store.put_step(
        step.model_copy(
            update={
                "status": StepStatus.failed if outcome.decision == "fail" else StepStatus.completed,
                "input_token_count": outcome.input_tokens,
                "output_token_count": outcome.output_tokens,
                "cost": outcome.cost,
                "model_calls": outcome.model_calls,
                "url": outcome.url,
                "actions": outcome.actions,
                "failure_reason": outcome.failure_reason if outcome.decision == "fail" else None,
                "artifact_keys": keys,
                "pending_action": None,  # recorded: nothing of this step is in doubt
                "modified_at": now,
            }
        )
    )
    changes: dict[str, Any] = {
        "step_count": run.step_count + 1,
        "modified_at": now,
        "model_calls": run.model_calls + outcome.model_calls,
        "screenshot_keys": [*run.screenshot_keys, *screenshots],
        "downloaded_files": [*run.downloaded_files, *_dedupe(run.downloaded_files, downloads)],
        "uncertain_action": None,  # the step that was told about it has ended
    }
    if outcome.output is not None:
        changes["output"] = outcome.output
    if outcome.engine_state is not None:
        changes["engine_state"] = outcome.engine_state
    if outcome.ai_fallback_triggered:
        changes["ai_fallback_triggered"] = True
    updated = store.update_run(run.run_id, changes, RunCondition(lease_held_by=owner))
    emit_step_metrics(metrics or NoMetrics(), outcome, (now - step.created_at).total_seconds())
    return updated or store.get_run(run.run_id) or run


def emit_step_metrics(metrics: Metrics, outcome: StepOutcome, seconds: float) -> None:
    """How long the step took and what its model calls used and cost."""
    metrics.emit("StepDuration", max(seconds, 0.0) * 1000, "Milliseconds")
    metrics.emit("ModelInputTokens", outcome.input_tokens)
    metrics.emit("ModelOutputTokens", outcome.output_tokens)
    metrics.emit("ModelCost", outcome.cost, "None")


def _dedupe(existing: list[DownloadedFile], new: list[DownloadedFile]) -> list[DownloadedFile]:
    seen = {(d.filename, d.checksum) for d in existing}
    return [d for d in new if (d.filename, d.checksum) not in seen]
