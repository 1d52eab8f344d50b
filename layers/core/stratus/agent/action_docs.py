"""The prompt's list of actions, written from the action models' docstrings and fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .actions import ACTION_MODELS, action_type_of

# Said once in the list's header rather than on every line.
COMMON_FIELDS = ("action_type", "reasoning")


def action_list(models: Iterable[type[BaseModel]] = ACTION_MODELS) -> str:
    """One line per action: its action_type, what it does, its fields ("?": optional).

    A field's description is given where it first appears; later lines name it only,
    which keeps the prompt (paid for on every call) short.
    """
    models = list(models)
    described: set[tuple[str, str]] = set()
    reasoning = models[0].model_fields.get("reasoning") if models else None
    header = "ACTIONS (action_type: what it does {fields}, ? optional"
    if reasoning is not None and reasoning.description:
        header += f"; any may add reasoning: {reasoning.description}"
    lines = [header + "):"]
    for model in models:
        fields = [
            _field_text(name, info, described)
            for name, info in model.model_fields.items()
            if name not in COMMON_FIELDS
        ]
        doc = " ".join((model.__doc__ or "").split())
        line = f"- {action_type_of(model)}: {doc}"
        lines.append(f"{line} {{{', '.join(fields)}}}" if fields else line)
    return "\n".join(lines)


def _field_text(name: str, info: FieldInfo, described: set[tuple[str, str]]) -> str:
    text = name if info.is_required() else f"{name}?"
    choices = _choices(info.annotation)
    description = info.description or ""
    key = (name, description)
    if key in described:
        return text
    described.add(key)
    said = ", ".join(part for part in (choices, description) if part)
    return f"{text}: {said}" if said else text


def _choices(annotation: Any) -> str:
    """The values a field takes, when few: a Literal's members, or true|false."""
    if get_origin(annotation) is Literal:
        return "|".join(str(value) for value in get_args(annotation))
    return "true|false" if annotation is bool else ""
