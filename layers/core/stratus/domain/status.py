"""Run and step statuses and the legal transitions between them."""

from __future__ import annotations

from enum import StrEnum


class RunStatus(StrEnum):
    created = "created"
    queued = "queued"
    running = "running"
    timed_out = "timed_out"
    failed = "failed"
    terminated = "terminated"
    completed = "completed"
    canceled = "canceled"

    @property
    def is_terminal(self) -> bool:
        return self in TERMINAL_RUN_STATUSES


TERMINAL_RUN_STATUSES = frozenset(
    {
        RunStatus.timed_out,
        RunStatus.failed,
        RunStatus.terminated,
        RunStatus.completed,
        RunStatus.canceled,
    }
)
# a run not yet ended: it may still be claimed, stepped and canceled
ACTIVE_RUN_STATUSES = frozenset({RunStatus.created, RunStatus.queued, RunStatus.running})
CANCELABLE_RUN_STATUSES = ACTIVE_RUN_STATUSES

_RUN_TRANSITIONS: dict[RunStatus, frozenset[RunStatus]] = {
    RunStatus.created: frozenset({RunStatus.queued, RunStatus.running} | TERMINAL_RUN_STATUSES),
    RunStatus.queued: frozenset({RunStatus.running} | TERMINAL_RUN_STATUSES),
    RunStatus.running: TERMINAL_RUN_STATUSES,
}


def sources_for(target: RunStatus) -> frozenset[RunStatus]:
    """Every status from which ``target`` may be reached (used for conditional writes)."""
    return frozenset(s for s, targets in _RUN_TRANSITIONS.items() if target in targets)


class StepStatus(StrEnum):
    created = "created"
    running = "running"
    failed = "failed"
    completed = "completed"
    canceled = "canceled"


class RunType(StrEnum):
    task_v1 = "task_v1"
    task_v2 = "task_v2"
    openai_cua = "openai_cua"
    anthropic_cua = "anthropic_cua"
    ui_tars = "ui_tars"


class Engine(StrEnum):
    skyvern_v1 = "skyvern-1.0"
    skyvern_v2 = "skyvern-2.0"
    openai_cua = "openai-cua"
    anthropic_cua = "anthropic-cua"
    ui_tars = "ui-tars"


ENGINE_RUN_TYPES: dict[Engine, RunType] = {
    Engine.skyvern_v1: RunType.task_v1,
    Engine.skyvern_v2: RunType.task_v2,
    Engine.openai_cua: RunType.openai_cua,
    Engine.anthropic_cua: RunType.anthropic_cua,
    Engine.ui_tars: RunType.ui_tars,
}


class ApiFamily(StrEnum):
    """Which route family created a run: decides the webhook body's shape."""

    v1 = "v1"
    v2 = "v2"
    runs = "runs"
