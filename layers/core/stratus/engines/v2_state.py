"""The skyvern-2.0 loop state, kept in ``run.engine_state["v2"]`` between steps.

Pure: each transition takes what a step learned and says what the loop does next, so a
step may run in a different process from the one before it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

STATE_KEY = "v2"
MINI_TASK_MAX_STEPS = 8

Next = Literal["continue", "replan", "terminate", "fail"]


class MiniTask(BaseModel):
    goal: str
    url: str | None = None
    extraction_goal: str | None = None
    start_order: int  # the run step at which it began: its history is the steps from here
    steps: int = 0
    engine_state: dict[str, Any] = Field(default_factory=dict)  # the step engine's own state


class Memory(BaseModel):
    """What an earlier mini-task did: the planner reads it, the final output draws on it."""

    goal: str
    status: Literal["completed", "failed"]
    result: str | None = None
    output: Any = None
    url: str | None = None


class V2State(BaseModel):
    iteration: int = 0
    active: MiniTask | None = None
    memory: list[Memory] = Field(default_factory=list)

    @classmethod
    def load(cls, engine_state: dict[str, Any] | None) -> V2State:
        raw = (engine_state or {}).get(STATE_KEY)
        return cls.model_validate(raw) if isinstance(raw, dict) else cls()

    def dump(self, engine_state: dict[str, Any] | None) -> dict[str, Any]:
        return {**(engine_state or {}), STATE_KEY: self.model_dump(mode="json")}

    def can_begin(self, max_iterations: int) -> bool:
        return self.iteration < max_iterations

    def begin(
        self, goal: str, url: str | None, extraction_goal: str | None, start_order: int
    ) -> MiniTask:
        if self.active is not None:
            raise RuntimeError("a mini-task is already running")
        self.iteration += 1
        self.active = MiniTask(
            goal=goal, url=url, extraction_goal=extraction_goal, start_order=start_order
        )
        return self.active

    def after_step(
        self,
        decision: str,
        *,
        summary: str | None = None,
        output: Any = None,
        url: str | None = None,
        failure_reason: str | None = None,
        engine_state: dict[str, Any] | None = None,
        max_steps: int = MINI_TASK_MAX_STEPS,
    ) -> Next:
        """Apply one step of the active mini-task; returns what the run does next."""
        task = self.active
        if task is None:
            raise RuntimeError("no mini-task is running")
        task.steps += 1
        if engine_state is not None:
            task.engine_state = engine_state
        if decision == "terminate":
            return "terminate"
        if decision == "complete":
            self._close("completed", summary, output, url)
            return "replan"
        if decision == "fail":
            if (failure_reason or "").startswith("model call failed"):
                return "fail"
            self._close("failed", failure_reason, output, url)
            return "replan"
        if task.steps >= max_steps:
            self._close("failed", f"did not finish within {max_steps} steps", output, url)
            return "replan"
        return "continue"

    def _close(
        self,
        status: Literal["completed", "failed"],
        result: str | None,
        output: Any,
        url: str | None,
    ) -> None:
        assert self.active is not None
        self.memory.append(
            Memory(
                goal=self.active.goal,
                status=status,
                result=result,
                output=output,
                url=url,
            )
        )
        self.active = None

    def outputs(self) -> list[Any]:
        return [m.output for m in self.memory if m.status == "completed" and m.output is not None]

    def latest_output(self) -> Any:
        outputs = self.outputs()
        return outputs[-1] if outputs else None
