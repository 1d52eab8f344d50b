"""A run's timeline (``GET /v1/runs/{run_id}/timeline``), in the SDK's ``WorkflowRunTimeline``
shape: one ``thought`` entry per step (what the agent saw, reasoned and did) and one per
webhook delivery, oldest first."""

from __future__ import annotations

from typing import Any

from ..domain.models import Run, Step, WebhookAttempt
from .responses import ThoughtObject, TimelineEntryObject
from .timestamps import timestamp


def _thought(run: Run, thought_id: str, **fields: Any) -> ThoughtObject:
    base: dict[str, Any] = {
        "thought_id": thought_id,
        "task_id": run.run_id,
        "organization_id": run.organization_id,
        "workflow_run_id": run.workflow_run_id,
        "workflow_run_block_id": None,
        "workflow_id": run.workflow_id,
        "workflow_permanent_id": run.workflow_permanent_id,
        "user_input": None,
        "observation": None,
        "thought": None,
        "answer": None,
        "thought_type": "plan",
        "thought_scenario": None,
        "output": None,
        "input_token_count": None,
        "output_token_count": None,
        "thought_cost": None,
    }
    return ThoughtObject.produce(**{**base, **fields})


def _entry(thought: ThoughtObject) -> dict[str, Any]:
    return TimelineEntryObject.produce(
        type="thought",
        block=None,
        thought=thought,
        children=[],
        created_at=thought.created_at,
        modified_at=thought.modified_at,
    ).model_dump(mode="json")


def _step_entry(run: Run, step: Step) -> dict[str, Any]:
    reasons = [a.reasoning for a in step.actions if a.reasoning]
    done = [
        f"{a.action_type}{'' if a.success else ' (failed: ' + (a.error or 'error') + ')'}"
        for a in step.actions
    ]
    observation = f"step {step.order + 1} ({step.status.value}) at {step.url or 'no page'}"
    if step.failure_reason:
        observation += f": {step.failure_reason}"
    return _entry(
        _thought(
            run,
            step.step_id,
            user_input=run.spec.goal if step.order == 0 and step.retry_index == 0 else None,
            observation=observation,
            thought=" ".join(reasons) or None,
            answer=", ".join(done) or None,
            input_token_count=step.input_token_count,
            output_token_count=step.output_token_count,
            thought_cost=step.cost,
            created_at=timestamp(step.created_at),
            modified_at=timestamp(step.modified_at),
        )
    )


def _webhook_entry(run: Run, attempt: WebhookAttempt) -> dict[str, Any]:
    outcome = (
        f"answered {attempt.status_code}"
        if attempt.status_code is not None
        else f"failed: {attempt.error}"
    )
    return _entry(
        _thought(
            run,
            attempt.attempt_id,
            thought_type="metadata",
            observation=f"webhook to {attempt.url} {outcome} in {attempt.duration_ms} ms",
            output={
                "webhook_url": attempt.url,
                "status_code": attempt.status_code,
                "error": attempt.error,
                "latency_ms": attempt.duration_ms,
                "trigger": attempt.trigger,
            },
            created_at=timestamp(attempt.created_at),
            modified_at=timestamp(attempt.created_at),
        )
    )


def timeline_payload(
    run: Run, steps: list[Step], attempts: list[WebhookAttempt]
) -> list[dict[str, Any]]:
    entries = [_step_entry(run, step) for step in steps]
    entries += [_webhook_entry(run, attempt) for attempt in attempts]
    return sorted(entries, key=lambda entry: entry["created_at"])
