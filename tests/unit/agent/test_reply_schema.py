"""The reply's JSON schema: generated from the models, in a shape the common providers take."""

import json
from typing import Any

import jsonschema
import pytest

from stratus.agent.actions import ACTION_MODELS, action_type_of
from stratus.agent.reply import parse_step_reply
from stratus.agent.reply_schema import STEP_REPLY_FORMAT, VERIFICATION_REPLY_FORMAT

pytestmark = pytest.mark.unit

SCHEMA = STEP_REPLY_FORMAT["schema"]


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = set(node)
        for key, value in node.items():
            found |= (
                _keys(value)
                if key != "properties"
                else set().union(*(_keys(v) for v in value.values()))
            )
        return found
    if isinstance(node, list):
        return set().union(*(_keys(item) for item in node)) if node else set()
    return set()


def test_the_schema_avoids_what_providers_reject():
    keys = _keys(SCHEMA) | _keys(VERIFICATION_REPLY_FORMAT["schema"])
    assert not keys & {"$ref", "$defs", "discriminator", "oneOf", "const", "title", "default"}
    assert SCHEMA["type"] == "object" and "anyOf" not in SCHEMA
    assert STEP_REPLY_FORMAT["name"] == "step_reply"
    assert STEP_REPLY_FORMAT["strict"] is False  # see reply_schema: `extracted` is free-form


def test_the_schema_has_every_reply_field_and_each_action_names_itself():
    assert set(SCHEMA["properties"]) == {
        "page_assessment", "actions", "status", "extracted", "terminate_reason", "errors"
    }  # fmt: skip
    assert SCHEMA["properties"]["status"]["enum"] == ["continue", "complete", "terminate"]
    for member in SCHEMA["properties"]["actions"]["items"]["anyOf"]:
        assert member["required"][0] == "action_type"
        assert next(iter(member["properties"])) == "action_type"
        assert "description" not in member  # the prompt's action list says it once
    drag = next(
        m
        for m in SCHEMA["properties"]["actions"]["items"]["anyOf"]
        if m["properties"]["action_type"]["enum"] == ["drag"]
    )
    assert drag["properties"]["target_id"] == {"type": "string"}  # optional: left out, not null
    assert drag["required"] == ["action_type", "element_id"]


def _sample(model: type) -> dict[str, Any]:
    values = {"element_id": "e1", "text": "Ada", "option": "Canada", "file": "cv.pdf"}
    values |= {"key": "Enter", "url": "https://example.com", "reason": "locked"}
    data = {"action_type": action_type_of(model)}
    for name, info in model.model_fields.items():
        if info.is_required() and name != "action_type":
            data[name] = values[name]
    return data


def test_a_reply_valid_under_the_schema_parses_and_one_the_schema_refuses_is_refused():
    actions = [_sample(model) for model in ACTION_MODELS]
    reply = {"page_assessment": "a form", "actions": actions, "status": "continue"}
    jsonschema.validate(reply, SCHEMA)
    parsed = parse_step_reply(json.dumps(reply))
    assert [x.action_type for x in parsed.actions] == [action_type_of(m) for m in ACTION_MODELS]

    bad = {"actions": [{"action_type": "input_text", "element_id": "e1"}]}  # no text
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"actions": [{"action_type": "fly"}]}, SCHEMA)


def test_stray_keys_stay_tolerated_by_the_parser():
    text = json.dumps(
        {"actions": [{"action_type": "click", "element_id": "e2", "why": "x"}], "mood": "ok"}
    )
    assert parse_step_reply(text).actions[0].element_id == "e2"


def test_the_reply_fields_keep_their_descriptions():
    for name, prop in SCHEMA["properties"].items():
        assert prop["description"], name
