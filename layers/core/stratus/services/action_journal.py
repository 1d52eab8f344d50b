"""The action journal: each action is written on its step before it runs and cleared after.

When a worker dies mid-step, the step it left ``running`` still names the action that was
under way. Whether that action took effect is unknown (a submit click may have reached the
site before the process died), so a resumed run is told instead of repeating it blindly.
"""

from __future__ import annotations

from typing import Any

from ..domain.models import Step
from ..ports import Clock, RunStore

# Actions whose repetition does no harm: typing the same value again, looking, waiting,
# loading a URL with GET, selecting the same text. Any other action (a click, a key, a
# choice) may have had an effect.
SAFE_TO_REPEAT = frozenset(
    {
        "input_text",
        "hover",
        "scroll",
        "select_text",
        "wait",
        "goto_url",
        "reload",
        "extract",
        "complete",
    }
)


def describe_action(action_type: str, params: dict[str, Any]) -> str:
    target = params.get("target") or {}
    name = target.get("name") or target.get("text") or target.get("id") if target else None
    return f"{action_type} on {str(name)[:80]!r}" if name else action_type


class RunCanceled(Exception):
    """The run was canceled (or ended) while its step was under way: act no more."""


def stop_if_canceled(store: RunStore, run_id: str) -> None:
    """Raise RunCanceled when the run's cancel was asked for or it already ended."""
    run = store.get_run(run_id)
    if run is None or run.cancel_requested or run.is_terminal:
        raise RunCanceled(run_id)


class ActionJournal:
    """Journals the actions of one step on its record (the same Step object the execution
    service writes last, and that final write clears the journal).

    An action that may have an effect stays on the record once done (``done: True``) until
    the step is recorded: a worker that dies between the action and the step's record leaves
    a step whose retry would do it again (a second submit), so that case is told too."""

    def __init__(self, store: RunStore, step: Step, clock: Clock) -> None:
        self._store = store
        self._step = step
        self._clock = clock

    def begin(self, action_type: str, params: dict[str, Any]) -> None:
        """Record the action about to run; raises RunCanceled (before it runs) when the run
        was canceled meanwhile, so a cancel never waits for the step's remaining actions."""
        stop_if_canceled(self._store, self._step.run_id)
        self._step.pending_action = {
            "action_type": action_type,
            "description": describe_action(action_type, params),
            "started_at": self._clock.now().isoformat(),
            "done": False,
        }
        self._step.modified_at = self._clock.now()
        self._store.put_step(self._step)

    def end(self) -> None:
        pending = self._step.pending_action
        if pending is None:
            return
        if pending.get("action_type") in SAFE_TO_REPEAT:
            self._step.pending_action = None
        else:
            self._step.pending_action = {**pending, "done": True}
        self._store.put_step(self._step)


def uncertain_action(step: Step) -> dict[str, Any] | None:
    """The journaled action a dead worker left unfinished, or finished but unrecorded, when
    repeating it may do harm."""
    pending = step.pending_action
    if not pending or pending.get("action_type") in SAFE_TO_REPEAT:
        return None
    return pending
