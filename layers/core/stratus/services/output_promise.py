"""The one place that decides whether a run's output keeps its schema's promise.

Every engine (the built-in planner, replayed scripts, computer-use, the model path) ends a
run by deciding ``complete``; before the run may end ``completed`` its output is held to
the run's ``data_extraction_schema`` with the same validator the model path uses for its
one repair. Output that breaks the schema ends the run ``terminated`` with the violations
as its errors, and the output is kept so the client can see what was found.
"""

from __future__ import annotations

from typing import Any

from ..agent.extract import schema_errors
from ..domain.engine import StepOutcome
from ..domain.models import TaskSpec

ERROR_CODE = "output_schema_mismatch"


def broken_promise(spec: TaskSpec, output: Any) -> tuple[str, list[dict[str, Any]]] | None:
    """(failure reason, errors) when ``output`` breaks the spec's schema, else None."""
    violations = schema_errors(output, spec.extraction_schema)
    if not violations:
        return None
    more = f" (and {len(violations) - 1} more)" if len(violations) > 1 else ""
    reason = f"the output does not match the data_extraction_schema: {violations[0]}{more}"
    return reason, [{"error_code": ERROR_CODE, "reasoning": v} for v in violations]


def hold_to_schema(spec: TaskSpec, output: Any, outcome: StepOutcome) -> StepOutcome:
    """The outcome itself, or, when it completes with output breaking the schema, the
    same outcome turned into ``terminate`` with the violations."""
    if outcome.decision != "complete":
        return outcome
    broken = broken_promise(spec, output)
    if broken is None:
        return outcome
    reason, errors = broken
    return outcome.model_copy(
        update={"decision": "terminate", "failure_reason": reason, "errors": errors}
    )
