"""``stratus run --from requests.jsonl``: a batch of run requests, run here.

Each line is what EventBridge and SQS deliver on AWS (a ``POST /v1/run/tasks`` body plus
``idempotency_key``) and follows the same rule: a key seen before answers its run, which is
not run again; a line that cannot be served is kept with its reason in the data
directory's dead-letters.jsonl.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .services.run_requests import Unservable


@dataclass(frozen=True)
class BatchResult:
    line: int
    idempotency_key: str | None
    run_id: str | None
    created: bool
    status: str  # the run's status at the end, or "refused"
    reason: str | None = None


def _read(text: str) -> Any:
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return text, f"the line is not JSON: {exc}"


async def run_batch(
    container: Any,
    organization_id: str,
    lines: Iterable[str],
    *,
    source: str,
    on_step: Callable[[Any], None] = lambda step: None,
) -> list[BatchResult]:
    """Submits every line, then runs the runs it created (and earlier ones not yet ended)."""
    requests = container.run_requests
    accepted: list[tuple[int, str | None, Any]] = []
    results: dict[int, BatchResult] = {}
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        raw, unreadable = _read(text)
        key = raw.get("idempotency_key") if isinstance(raw, dict) else None
        try:
            if unreadable:
                raise Unservable(unreadable)
            outcome = requests.submit(organization_id, raw)
        except Unservable as exc:
            requests.dead_letter(str(exc), raw, (source,))
            results[number] = BatchResult(number, key, None, False, "refused", str(exc))
            continue
        accepted.append((number, key, outcome))
    for number, key, outcome in accepted:
        run = container.store.get_run(outcome.run.run_id)
        while run is not None and not run.status.is_terminal:
            report = await container.execution.run_step(run.run_id)
            steps = container.store.list_steps(run.run_id)
            if steps and report.order is not None:
                on_step(steps[-1])
            run = container.store.get_run(run.run_id)
            if report.done:
                break
        final = run or outcome.run
        results[number] = BatchResult(
            number, key, final.run_id, outcome.created, final.status.value, final.failure_reason
        )
    return [results[number] for number in sorted(results)]
