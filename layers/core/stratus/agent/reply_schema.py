"""The JSON schema a model's reply must match, generated from the reply's pydantic model.

Sent as structured output to models that take one (``response_format`` of type
``json_schema``); to the rest it goes in the prompt beside JSON mode (the LLM adapter
chooses). Pydantic's own schema is reshaped into the subset the common providers accept
(OpenAI, Anthropic and Gemini through litellm):

- no ``$ref``/``$defs``: every definition is written in place;
- no ``discriminator`` and no ``oneOf``: the action union becomes an ``anyOf`` inside
  ``actions.items`` (never at the top level), each member telling itself apart by an
  ``action_type`` that is required and a one-value ``enum`` (``const`` is less widely
  accepted);
- no ``title`` or ``default`` (noise to a model, and rejected by some providers);
- inside the actions, no descriptions (the prompt's action list, from the same models, says
  what each action and field means) and an optional field as its plain type, not "X or
  null" (leaving it out means null): the schema is paid for on every call, and this takes
  it from about 1,900 to about 1,000 tokens (cl100k).

Strict mode stays off: OpenAI's strict mode needs every property required and
``additionalProperties: false`` everywhere, and the reply's ``extracted`` field is free-form
data shaped by each task's own schema, which strict mode cannot express. Without strict the
schema steers the model and the parser stays tolerant (stray keys are ignored).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .reply import StepReply, VerificationReply

_DROPPED = {"title", "default", "discriminator"}


def reply_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema: dict[str, Any] = model.model_json_schema()
    definitions: dict[str, Any] = schema.pop("$defs", {})
    shaped: dict[str, Any] = _reshape(schema, definitions)
    return shaped


def response_format(model: type[BaseModel], name: str) -> dict[str, Any]:
    """The ``json_schema`` part of an OpenAI-style ``response_format`` (litellm's shape)."""
    return {"name": name, "schema": reply_schema(model), "strict": False}


def _reshape(node: Any, definitions: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_reshape(item, definitions) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = definitions[node["$ref"].rsplit("/", 1)[-1]]
        extra = {k: v for k, v in node.items() if k != "$ref"}
        return _reshape({**target, **extra}, definitions)
    shaped: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROPPED:
            continue
        if key == "properties":
            shaped[key] = {name: _reshape(prop, definitions) for name, prop in value.items()}
        elif key == "oneOf":
            shaped["anyOf"] = _reshape(value, definitions)
        elif key == "const":
            shaped["enum"] = [value]
        else:
            shaped[key] = _reshape(value, definitions)
    properties = shaped.get("properties", {})
    if "action_type" in properties:  # a discriminated member: say which one, always
        shaped = _compact_member(shaped)
        properties = shaped["properties"]
        shaped["properties"] = {"action_type": properties["action_type"], **properties}
        shaped["required"] = [
            "action_type",
            *(r for r in shaped.get("required", []) if r != "action_type"),
        ]
    return shaped


def _compact_member(member: dict[str, Any]) -> dict[str, Any]:
    required = set(member.get("required", []))
    properties = {
        name: _without_descriptions(prop if name in required else _not_null(prop))
        for name, prop in member["properties"].items()
    }
    shaped = {k: v for k, v in member.items() if k != "description"}
    return {**shaped, "properties": properties}


def _not_null(prop: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [X, null]`` as X (keeping what sits beside the anyOf)."""
    options = prop.get("anyOf")
    if not isinstance(options, list):
        return prop
    kept = [o for o in options if o != {"type": "null"}]
    if len(kept) != 1 or len(kept) == len(options):
        return prop
    rest = {k: v for k, v in prop.items() if k != "anyOf"}
    return {**kept[0], **rest}


def _without_descriptions(node: Any) -> Any:
    if isinstance(node, list):
        return [_without_descriptions(item) for item in node]
    if not isinstance(node, dict):
        return node
    shaped = {k: _without_descriptions(v) for k, v in node.items() if k != "description"}
    if isinstance(node.get("properties"), dict):  # field names are kept, whatever they are
        shaped["properties"] = {
            name: _without_descriptions(prop) for name, prop in node["properties"].items()
        }
    return shaped


STEP_REPLY_FORMAT = response_format(StepReply, "step_reply")
VERIFICATION_REPLY_FORMAT = response_format(VerificationReply, "verification_reply")
