"""Extraction: ask for the data, validate it against the run's JSON schema, retry once."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from jsonschema.validators import validator_for

from ..domain.models import TaskSpec
from ..domain.snapshot import PageSnapshot
from .json_reply import ask_json, load_json_object
from .model_calls import ModelMeter
from .prompt import extract_messages, prompt_json


class ExtractionFailed(Exception):
    """The output still breaks the schema after the retry; ``output`` is the last attempt."""

    def __init__(self, reason: str, output: Any) -> None:
        super().__init__(reason)
        self.output = output


def parse_output(text: str) -> Any:
    data = load_json_object(text)
    return data["output"] if set(data) == {"output"} else data


def _path(parts: Any) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def schema_errors(data: Any, schema: Any, *, limit: int = 20) -> list[str]:
    """Every violation (up to ``limit``) as "<path>: <message>", shallowest first; [] when
    valid or when there is no usable schema (an empty one, or an example object)."""
    if not isinstance(schema, dict) or not schema:
        return []
    validator_class = validator_for(schema, default=Draft202012Validator)
    try:
        validator_class.check_schema(schema)
    except SchemaError:
        return []  # not a JSON schema (e.g. an example object): nothing to hold the data to
    errors = sorted(
        validator_class(schema).iter_errors(data),
        key=lambda e: (len(e.absolute_path), [str(p) for p in e.absolute_path]),
    )
    return [f"{_path(e.absolute_path)}: {_message(e)}" for e in errors[:limit]]


def _message(error: Any) -> str:
    """jsonschema's message, without repeating a long instance back (e.g. a whole array)."""
    if error.validator in ("maxItems", "minItems") and isinstance(error.instance, list):
        bound = "at most" if error.validator == "maxItems" else "at least"
        return f"has {len(error.instance)} items; the schema allows {bound} {error.validator_value}"
    message = str(error.message)
    return message if len(message) <= 200 else message[:197] + "..."


def schema_error(data: Any, schema: Any) -> str | None:
    """The first violation as "<path>: <message>", or None when valid (or no usable schema)."""
    errors = schema_errors(data, schema, limit=1)
    return errors[0] if errors else None


async def extract_data(
    meter: ModelMeter,
    spec: TaskSpec,
    snapshot: PageSnapshot,
    saved_extractions: list[Any] | None,
    *,
    validate: bool = True,
) -> Any:
    """Raises ExtractionFailed (schema) or ReplyFailed (unparseable reply)."""
    messages = extract_messages(spec, snapshot, saved_extractions)
    output = await ask_json(meter, "extract", messages, parse_output, label="extraction reply")
    error = schema_error(output, spec.extraction_schema) if validate else None
    if error is None:
        return output
    retry = [
        *messages,
        {"role": "assistant", "content": prompt_json({"output": output})},
        {
            "role": "user",
            "content": f"That output does not match the schema: {error}. "
            "Fix it, using only data on the page.",
        },
    ]
    output = await ask_json(meter, "extract:retry", retry, parse_output, label="extraction reply")
    error = schema_error(output, spec.extraction_schema)
    if error is not None:
        raise ExtractionFailed(f"extracted output does not match the schema: {error}", output)
    return output
