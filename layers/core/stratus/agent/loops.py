"""A model repeating the same failing action: seen in the run's history, told once, stopped.

The same action (type, target and parameters) failing in ``LOOP_STEPS`` consecutive steps
is a loop: the next prompt says so once; if the following step fails the same way again,
the run ends ``terminated`` with a reason naming the action.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..domain.models import ActionRecord, Step

LOOP_STEPS = 3
# parameters a handler adds or the executor notes; not part of what the model asked for
_NOT_ASKED = {"target", "skipped", "value_after", "resolved_id", "downloaded"}


@dataclass(frozen=True)
class FailingLoop:
    steps: int  # consecutive steps, ending with the last one, where the action failed
    action: str  # the action in words: click e12 "Submit"
    error: str

    @property
    def note(self) -> str:
        return (
            f"{self.action} has failed in each of the last {self.steps} steps ({self.error}); "
            "do not repeat it: try another way, or terminate if the goal cannot be reached. "
            "If it fails once more, the run stops."
        )

    @property
    def reason(self) -> str:
        return (
            f"stopped repeating a failing action: {self.action} failed in {self.steps} "
            f"consecutive steps (last error: {self.error})"
        )


def _signature(record: ActionRecord) -> str:
    target = record.params.get("target")
    name = target.get("name") if isinstance(target, dict) else None
    asked = {k: v for k, v in record.params.items() if k not in _NOT_ASKED}
    return json.dumps(
        [record.action_type, record.element_id, name, asked], sort_keys=True, default=str
    )


def _words(record: ActionRecord) -> str:
    target = record.params.get("target")
    name = target.get("name") if isinstance(target, dict) else None
    parts = [record.action_type]
    if record.element_id:
        parts.append(record.element_id)
    if name:
        parts.append(json.dumps(name, ensure_ascii=False))
    return " ".join(parts)


def _failed(step: Step) -> list[ActionRecord]:
    return [r for r in step.actions if not r.success and not r.params.get("skipped")]


def failing_loop(history: list[Step]) -> FailingLoop | None:
    """The action the last steps kept failing at, when it failed in at least LOOP_STEPS."""
    if not history:
        return None
    last = _failed(history[-1])
    if not last:
        return None
    for record in last:
        signature = _signature(record)
        count = 0
        for step in reversed(history):
            if any(_signature(r) == signature for r in _failed(step)):
                count += 1
            else:
                break
        if count >= LOOP_STEPS:
            return FailingLoop(count, _words(record), record.error or "failed")
    return None
