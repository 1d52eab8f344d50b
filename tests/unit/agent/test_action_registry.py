"""The action models are the one source: prompt list, reply schema and dispatch follow them."""

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, Field

import stratus
from stratus.agent import actions as a
from stratus.agent.action_docs import action_list
from stratus.agent.dispatch import Dispatch, DispatchMismatch
from stratus.agent.handlers import HANDLERS
from stratus.agent.prompt import ACT_SYSTEM
from stratus.agent.reply_schema import STEP_REPLY_FORMAT, reply_schema

pytestmark = pytest.mark.unit

_LISTED = re.compile(r"^- (\w+): ", re.MULTILINE)


class FlipAction(a._ElementAction):
    """Flip a card over."""

    action_type: Literal["flip"] = "flip"
    face: Literal["up", "down"] = Field(default="up", description="the side to show")


_WithFlip = Annotated[a.Action | FlipAction, Field(discriminator="action_type")]


class _ReplyWithFlip(BaseModel):
    actions: list[_WithFlip] = Field(default_factory=list, description="what to do")


def _schema_action_types(schema: dict[str, Any]) -> list[str]:
    members = schema["properties"]["actions"]["items"]["anyOf"]
    return [m["properties"]["action_type"]["enum"][0] for m in members]


def test_every_action_has_a_handler_a_prompt_line_and_a_schema_member_and_nothing_else():
    union = set(a.ACTION_TYPES)
    assert len(union) == len(a.ACTION_MODELS) == 20
    assert {a.action_type_of(m) for m in HANDLERS.models} == union
    assert HANDLERS.models == set(a.ACTION_MODELS)
    assert set(_LISTED.findall(ACT_SYSTEM)) == union
    assert sorted(_schema_action_types(STEP_REPLY_FORMAT["schema"])) == sorted(union)


def test_every_action_and_field_is_described_for_the_model():
    for model in a.ACTION_MODELS:
        assert (model.__doc__ or "").strip(), f"{model.__name__} has no docstring"
        for name, info in model.model_fields.items():
            if name != "action_type":
                assert info.description, f"{model.__name__}.{name} has no description"


def test_the_prompt_line_says_what_an_action_does_and_its_fields():
    lines = dict(re.findall(r"^- (\w+): (.*)$", ACT_SYSTEM, re.MULTILINE))
    assert lines["drag"].startswith("Drag an element onto another (target_id)")
    assert "target_id?: the [id] to drop on" in lines["drag"]
    assert "offset_x?: right (negative: left)" in lines["drag"]
    assert "direction?: up|down" in lines["scroll"]
    assert "key: Enter, Tab" in lines["keypress"]
    assert lines["go_back"] == "Go back a page."
    # a field described once is only named afterwards: the prompt stays short
    assert lines["hover"].endswith("{element_id}")
    assert "max" not in lines["wait"] and "at most 10" in lines["wait"]


def test_a_new_model_shows_up_in_the_prompt_the_schema_and_the_dispatch():
    listed = action_list([*a.ACTION_MODELS, FlipAction])
    assert "- flip: Flip a card over. {element_id, face?: up|down, the side to show}" in listed

    schema = reply_schema(_ReplyWithFlip)
    assert "flip" in _schema_action_types(schema)

    dispatch = Dispatch()

    @dispatch.handles(*a.ACTION_MODELS)
    async def anything(env: Any, action: Any, target: Any) -> dict:
        return {}

    with pytest.raises(DispatchMismatch, match="actions without a handler: FlipAction"):
        dispatch.check([*a.ACTION_MODELS, FlipAction])

    @dispatch.handles(FlipAction)
    async def flip(env: Any, action: Any, target: Any) -> dict:
        return {"flipped": action.face}

    dispatch.check([*a.ACTION_MODELS, FlipAction])
    assert dispatch.handler_for(FlipAction(element_id="e1")) is flip


def test_a_handler_for_a_model_outside_the_union_or_twice_is_refused():
    dispatch = Dispatch()
    dispatch.handles(*a.ACTION_MODELS, FlipAction)(_noop)
    with pytest.raises(DispatchMismatch, match="outside the Action union: FlipAction"):
        dispatch.check(a.ACTION_MODELS)
    with pytest.raises(DispatchMismatch, match="ClickAction already has a handler"):
        dispatch.handles(a.ClickAction)(_noop)


async def _noop(env: Any, action: Any, target: Any) -> dict:
    return {}


def test_an_action_without_a_handler_fails_the_import_of_the_handlers():
    """What startup sees: importing the handlers checks them against the union."""
    code = (
        "from typing import Literal\n"
        "from stratus.agent import actions as a\n"
        "class Orphan(a._Action):\n"
        "    action_type: Literal['orphan'] = 'orphan'\n"
        "a.ACTION_MODELS = (*a.ACTION_MODELS, Orphan)\n"
        "import stratus.agent.handlers\n"
    )
    package_root = str(Path(stratus.__file__).parents[1])  # this checkout's stratus
    env = {**os.environ, "PYTHONPATH": package_root}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert done.returncode != 0
    assert "DispatchMismatch: actions without a handler: Orphan" in done.stderr


def test_the_prompt_names_every_field_of_the_reply():
    from stratus.agent.reply import StepReply

    shape = ACT_SYSTEM.split("Reply with ONE JSON object:", 1)[1].split("ACTIONS (", 1)[0]
    assert set(re.findall(r'"(\w+)":', shape)) == set(StepReply.model_fields) | {
        "action_type",
        "error_code",
        "reasoning",
    }
