"""Fields whose values are secrets (passwords, one-time codes) and how they are masked.

The page snapshot already shows such fields as filled, never by value; the same rule keeps
what the agent types into them out of step records, the model's action history, logs, CLI
output, webhooks and artifacts. The action itself still types the real value. Values of the
``navigation_payload`` fields a request marks sensitive (``sensitive_payload_fields``) are
masked the same way wherever a step is recorded; the model's prompt still carries them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from ..domain.engine import StepArtifact, StepOutcome
from ..domain.models import ActionRecord
from ..domain.snapshot import ElementInfo

MASK = "\u2022\u2022\u2022"  # what the snapshot shows for a filled secret field

# shorter values are masked where they are recorded, but not searched for in free text
MIN_SCRUBBED = 4

SECRET_AUTOCOMPLETE = {"one-time-code", "current-password", "new-password"}
# the snapshot's own test for one-time-code fields (snapshot.js)
_SECRET_CODE = re.compile(r"(one-time-code|otp|2fa|mfa|totp|verification|security.?code)", re.I)


def is_secret_input(tag: str, kind: str, autocomplete: str, name: str, id_: str) -> bool:
    """A password or one-time-code field, by its type, autocomplete hint, name or id."""
    if tag.lower() not in ("input", "textarea"):
        return False
    if kind.lower() == "password":
        return True
    if set(autocomplete.lower().split()) & SECRET_AUTOCOMPLETE:
        return True
    return bool(_SECRET_CODE.search(f"{name} {id_}"))


def is_secret_field(element: ElementInfo | None) -> bool:
    if element is None:
        return False
    attrs = element.attrs or {}
    return is_secret_input(
        element.tag,
        element.type or attrs.get("type") or "",
        attrs.get("autocomplete") or "",
        attrs.get("name", ""),
        attrs.get("id", ""),
    )


def sensitive_values(facts: Any, fields: Iterable[str] | None) -> set[str]:
    """The values at the payload paths marked sensitive ("card.number": dotted), every text
    and number under each one."""
    found: set[str] = set()
    for path in fields or ():
        value = facts
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        found |= _leaves(value)
    return {value for value in found if value}


def _leaves(value: Any) -> set[str]:
    if isinstance(value, dict):
        return {leaf for item in value.values() for leaf in _leaves(item)}
    if isinstance(value, list):
        return {leaf for item in value for leaf in _leaves(item)}
    if isinstance(value, bool) or value is None:
        return set()
    return {str(value)}


def scrub(value: Any, secrets: set[str] | frozenset[str]) -> Any:
    """``value`` with every secret replaced by the mask, in strings nested at any depth."""
    if not secrets:
        return value
    if isinstance(value, str):
        for secret in sorted(secrets, key=len, reverse=True):
            if len(secret) >= MIN_SCRUBBED:
                # as written, and as it reads inside JSON text (quotes, backslashes escaped)
                for form in {secret, json.dumps(secret, ensure_ascii=False)[1:-1]}:
                    value = value.replace(form, MASK)
        return value
    if isinstance(value, dict):
        return {k: scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v, secrets) for v in value]
    return value


def scrub_record(record: ActionRecord, secrets: set[str] | frozenset[str]) -> ActionRecord:
    """An action record with every secret masked; a value it masks is marked ``masked`` so
    a script made from the run never types the mask."""
    if not secrets:
        return record
    params = scrub(record.params, secrets)
    if params != record.params:
        params["masked"] = True
    return record.model_copy(
        update={
            "params": params,
            "reasoning": scrub(record.reasoning, secrets),
            "error": scrub(record.error, secrets),
            "data": scrub(record.data, secrets),
        }
    )


def scrub_artifact(artifact: StepArtifact, secrets: set[str] | frozenset[str]) -> StepArtifact:
    """A JSON or text artifact with every secret masked (pictures and files are kept)."""
    kind = artifact.content_type
    if not secrets or not (kind == "application/json" or kind.startswith("text/")):
        return artifact
    try:
        text = artifact.data.decode("utf-8")
    except UnicodeDecodeError:
        return artifact
    return artifact.model_copy(update={"data": scrub(text, secrets).encode("utf-8")})


def mask_outcome(outcome: StepOutcome, secrets: set[str] | frozenset[str]) -> StepOutcome:
    """What a step recorded (actions, summary, reasons, prompt and reply artifacts) with
    every secret masked; the output the run returns is the client's and is kept."""
    if not secrets:
        return outcome
    return outcome.model_copy(
        update={
            "actions": [scrub_record(record, secrets) for record in outcome.actions],
            "summary": scrub(outcome.summary, secrets),
            "failure_reason": scrub(outcome.failure_reason, secrets),
            "artifacts": [scrub_artifact(a, secrets) for a in outcome.artifacts],
        }
    )
