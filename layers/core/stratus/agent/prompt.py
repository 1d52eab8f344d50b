"""The messages sent to the model: acting, checking completion, extracting.

System prompts are kept short on purpose: they are paid for on every call.
"""

from __future__ import annotations

import json
from typing import Any

from ..domain.models import ActionRecord, Step, TaskSpec
from ..domain.snapshot import PageSnapshot
from .action_docs import action_list
from .page_text import RENDER_LEGEND, page_text

# The first line of each system prompt names the call; fakes and logs key on it.
ACT_MARKER = "You operate a web browser"
VERIFY_MARKER = "You check whether a browser task's goal is met"
EXTRACT_MARKER = "You extract data from a web page"

ACT_SYSTEM = f"""{ACT_MARKER} to reach the user's goal, one turn at a time.
Each turn you get the goal, facts, your earlier actions with results, and the current page.
{RENDER_LEGEND}
Reply with ONE JSON object:
{{"page_assessment": "<one sentence: what the page shows now>",
 "actions": [{{"action_type": "<one of ACTIONS>", ...its fields}}],
 "status": "continue" | "complete" | "terminate",
 "extracted": <data the extraction goal asks for, seen on this page, else null>,
 "terminate_reason": "<why the goal cannot be reached>" or null,
 "errors": [{{"error_code": "<one of ERROR CODES>", "reasoning": "<short>"}}]}}
{action_list()}
Rules:
- Use only ids on the current page. Batch everything doable on this page (fill every field,
  then submit). Actions after one that changes the page are skipped.
- Use the facts exactly; never invent personal data. Dismiss cookie banners or popups first.
- If a previous action failed, read its error and try another way; don't repeat it blindly.
- "complete" only when the page shows the goal is done. "terminate" when it cannot be
  done, the terminate criterion holds, or an error code applies (list it in errors)."""

VERIFY_SYSTEM = f"""{VERIFY_MARKER}, judging only by the current page.
Reply with ONE JSON object: {{"goal_met": true|false, "reason": "<one sentence>"}}."""

EXTRACT_SYSTEM = f"""{EXTRACT_MARKER} for a goal.
Use only data present on the page or in DATA SAVED FROM EARLIER PAGES (merge them, keep
order, no duplicates); never invent values; use null for what is missing.
Reply with ONE JSON object: {{"output": <the data, matching the schema when one is given>}}."""

MAX_HISTORY_RECORDS = 30
MAX_VALUE_CHARS = 120


def prompt_json(value: Any) -> str:
    """A value as prompt text: strings as they are, anything else as compact JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)


def task_lines(spec: TaskSpec, *, with_criteria: bool = True) -> list[str]:
    lines = [f"GOAL: {spec.goal}"]
    if spec.facts not in (None, "", {}, []):
        lines.append(f"FACTS: {prompt_json(spec.facts)}")
    if spec.extraction_goal:
        lines.append(f"EXTRACTION GOAL: {spec.extraction_goal}")
    if spec.extraction_schema:
        lines.append(f"EXTRACTION SCHEMA: {prompt_json(spec.extraction_schema)}")
    if with_criteria:
        if spec.error_code_mapping:
            lines.append(f"ERROR CODES: {prompt_json(spec.error_code_mapping)}")
        if spec.complete_criterion:
            lines.append(f"COMPLETE WHEN: {spec.complete_criterion}")
        if spec.terminate_criterion:
            lines.append(f"TERMINATE WHEN: {spec.terminate_criterion}")
    return lines


def describe_record(record: ActionRecord) -> str:
    target = record.params.get("target") or {}
    parts = [record.action_type]
    if record.element_id:
        parts.append(record.element_id)
    name = target.get("name") if isinstance(target, dict) else None
    if name:
        parts.append(json.dumps(_short(name), ensure_ascii=False))
    for key, value in record.params.items():
        if key not in ("target", "drop_target", "skipped"):
            parts.append(f"{key}={_short(prompt_json(value))}")
    result = "ok" if record.success else f"FAILED: {record.error}"
    return f"{' '.join(parts)} -> {result}"


def history_lines(history: list[Step], limit: int = MAX_HISTORY_RECORDS) -> list[str]:
    lines: list[str] = []
    for step in history:
        for record in step.actions:
            if record.params.get("skipped"):
                continue
            lines.append(f"step {step.order}: {describe_record(record)}")
        if step.failure_reason:
            lines.append(f"step {step.order}: step failed: {step.failure_reason}")
    if len(lines) > limit:
        dropped = len(lines) - limit
        lines = [f"({dropped} earlier actions not shown)", *lines[-limit:]]
    return lines


def _short(text: str) -> str:
    text = str(text)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 3] + "..."


def page_lines(snapshot: PageSnapshot, *, full: bool = False) -> list[str]:
    return ["CURRENT PAGE:", page_text(snapshot, full=full)]


def step_messages(
    spec: TaskSpec,
    snapshot: PageSnapshot,
    history: list[Step],
    *,
    saved_extractions: list[Any] | None = None,
    screenshot_b64: str | None = None,
    notes: list[str] | None = None,
) -> list[dict[str, Any]]:
    lines = task_lines(spec)
    lines.extend(f"BROWSER NOTE: {note}" for note in notes or [])
    lines.extend(_saved_lines(saved_extractions))
    lines.append(_actions_line("PREVIOUS ACTIONS", history))
    return _messages(ACT_SYSTEM, lines, snapshot, full=False, screenshot_b64=screenshot_b64)


def verify_messages(
    spec: TaskSpec, snapshot: PageSnapshot, history: list[Step] | None
) -> list[dict[str, Any]]:
    lines = [f"GOAL: {spec.goal}"]
    if spec.complete_criterion:
        lines.append(f"COMPLETE WHEN: {spec.complete_criterion}")
    if history is not None:
        lines.append(_actions_line("ACTIONS TAKEN", history))
    return _messages(VERIFY_SYSTEM, lines, snapshot)


def extract_messages(
    spec: TaskSpec, snapshot: PageSnapshot, saved_extractions: list[Any] | None
) -> list[dict[str, Any]]:
    lines = [f"EXTRACTION GOAL: {spec.extraction_goal or spec.goal}"]
    if spec.extraction_schema:
        lines.append(f"SCHEMA: {prompt_json(spec.extraction_schema)}")
    lines.extend(_saved_lines(saved_extractions))
    return _messages(EXTRACT_SYSTEM, lines, snapshot)


def _saved_lines(saved_extractions: list[Any] | None) -> list[str]:
    if not saved_extractions:
        return []
    return [f"DATA SAVED FROM EARLIER PAGES: {prompt_json(saved_extractions)}"]


def _actions_line(title: str, history: list[Step]) -> str:
    previous = history_lines(history)
    return f"{title}:\n" + ("\n".join(previous) if previous else "(none)")


def _messages(
    system: str,
    lines: list[str],
    snapshot: PageSnapshot,
    *,
    full: bool = True,
    screenshot_b64: str | None = None,
) -> list[dict[str, Any]]:
    """The system prompt, and the task's lines followed by the current page."""
    text = "\n".join([*lines, *page_lines(snapshot, full=full)])
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": _with_image(text, screenshot_b64)},
    ]


def _with_image(text: str, screenshot_b64: str | None) -> str | list[dict[str, Any]]:
    if not screenshot_b64:
        return text
    return [
        {"type": "text", "text": text},
        {"type": "image_url", "image_url": {"url": f"data:image/jpeg;base64,{screenshot_b64}"}},
    ]
