"""The skyvern-2.0 planner call: what it is told and how its answer is read."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from ..agent.json_reply import InvalidReply, describe_validation_error, load_json_object
from ..agent.page_text import page_text
from ..agent.prompt import prompt_json
from ..domain.models import TaskSpec
from ..domain.snapshot import PageSnapshot
from .v2_state import V2State

# The first line names the call; fakes and logs key on it.
PLANNER_MARKER = "You plan a browser task as a sequence of small mini-tasks"

PLANNER_SYSTEM = f"""{PLANNER_MARKER}.
Each turn you get the user's goal, what earlier mini-tasks did, and the current page.
Decide ONE thing and reply with ONE JSON object:
{{"status": "next" | "done" | "terminate",
 "mini_task": {{"goal": "<one page-sized job, concrete>", "url": "<URL to open first>" or null,
   "data_to_extract": "<what to read from the page when done>" or null}} or null,
 "summary": "<when done: what was achieved, one or two sentences>" or null,
 "reason": "<when terminate: why the goal cannot be reached>" or null}}
Rules:
- "next" for the next mini-task; give a url only to open a new page (always when the browser
  has no page yet). Put data the user wants in data_to_extract of the mini-task that reads it.
- "done" when the earlier mini-tasks together reached the goal.
- "terminate" when the goal cannot be reached. Never repeat a mini-task that failed the
  same way twice."""


class PlannedTask(BaseModel):
    model_config = ConfigDict(extra="ignore")

    goal: str
    url: str | None = None
    data_to_extract: str | None = None


class PlannerDecision(BaseModel):
    model_config = ConfigDict(extra="ignore")

    status: Literal["next", "done", "terminate"]
    mini_task: PlannedTask | None = None
    summary: str | None = None
    reason: str | None = None

    @model_validator(mode="after")
    def _needs_task(self) -> PlannerDecision:
        if self.status == "next" and (self.mini_task is None or not self.mini_task.goal.strip()):
            raise ValueError('status "next" needs a mini_task with a goal')
        return self


def parse_planner_reply(text: str) -> PlannerDecision:
    data = load_json_object(text)
    try:
        return PlannerDecision.model_validate(data)
    except ValidationError as error:
        raise InvalidReply("wrong shape", describe_validation_error(error)) from None


def planner_messages(
    spec: TaskSpec,
    state: V2State,
    snapshot: PageSnapshot | None,
    *,
    max_iterations: int,
) -> list[dict[str, str]]:
    lines = [f"GOAL: {spec.goal}"]
    if spec.url:
        lines.append(f"START URL: {spec.url}")
    if spec.facts not in (None, "", {}, []):
        lines.append(f"FACTS: {prompt_json(spec.facts)}")
    if spec.extraction_schema:
        lines.append(f"OUTPUT SCHEMA: {prompt_json(spec.extraction_schema)}")
    lines.append(f"MINI-TASKS USED: {state.iteration} of {max_iterations}")
    if state.memory:
        lines.append("EARLIER MINI-TASKS:")
        for index, item in enumerate(state.memory, 1):
            line = f"{index}. {item.goal} -> {item.status}"
            if item.result:
                line += f": {item.result}"
            if item.output is not None:
                line += f" | data: {prompt_json(item.output)}"
            lines.append(line)
    else:
        lines.append("EARLIER MINI-TASKS: (none)")
    if snapshot is None:
        lines.append("CURRENT PAGE: (the browser has no page open)")
    else:
        lines.extend(["CURRENT PAGE:", page_text(snapshot)])
    return [
        {"role": "system", "content": PLANNER_SYSTEM},
        {"role": "user", "content": "\n".join(lines)},
    ]
