"""An orchestrator that records starts and reports execution states a test sets."""

from __future__ import annotations

from dataclasses import dataclass, field

from stratus.domain.models import Run
from stratus.ports import EXECUTION_MISSING, ExecutionState


@dataclass
class FakeExecutions:
    started: list[tuple[str, int]] = field(default_factory=list)  # (run id, restarts)
    canceled: list[str] = field(default_factory=list)
    states: dict[tuple[str, int], ExecutionState] = field(default_factory=dict)
    refuse: bool = False

    def start(self, run: Run) -> None:
        if self.refuse:
            raise ConnectionError("state machine unreachable")
        self.started.append((run.run_id, run.restarts))

    def cancel(self, run: Run) -> None:
        self.canceled.append(run.run_id)

    def execution_state(self, run: Run) -> ExecutionState:
        return self.states.get((run.run_id, run.restarts), ExecutionState(EXECUTION_MISSING))

    def started_ids(self) -> list[str]:
        return [run_id for run_id, _ in self.started]
