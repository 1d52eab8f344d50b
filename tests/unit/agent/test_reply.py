import json

import pytest

from stratus.agent.actions import ClickAction, InputTextAction, parse_action
from stratus.agent.json_reply import InvalidReply, ReplyFailed, ask_json, load_json_object
from stratus.agent.model_calls import ModelMeter
from stratus.agent.prompt import ACT_SYSTEM
from stratus.agent.reply import parse_step_reply
from tests.fakes.llm import ScriptedLLM, act

pytestmark = pytest.mark.unit


def test_reply_with_several_actions_parses_into_typed_actions():
    reply = parse_step_reply(
        json.dumps(
            act(
                {"action_type": "input_text", "element_id": "e3", "text": "Ada"},
                {"action_type": "click", "element_id": 7, "reasoning": "submit"},
            )
        )
    )
    assert isinstance(reply.actions[0], InputTextAction)
    assert reply.actions[0].text == "Ada"
    assert isinstance(reply.actions[1], ClickAction)
    assert reply.actions[1].element_id == "7"
    assert reply.status == "continue"


def test_code_fences_and_prose_around_the_object_are_tolerated():
    text = 'Sure!\n```json\n{"status": "complete", "actions": []}\n```'
    assert parse_step_reply(text).status == "complete"


def test_terminate_action_sets_status_and_reason():
    reply = parse_step_reply(
        json.dumps(act({"action_type": "terminate", "reason": "account locked"}))
    )
    assert reply.status == "terminate"
    assert reply.terminate_reason == "account locked"


def test_error_codes_given_as_strings_become_objects():
    reply = parse_step_reply(
        json.dumps(act(status="terminate", terminate_reason="x", errors=["NO_STOCK"]))
    )
    assert reply.errors[0].error_code == "NO_STOCK"


def test_invalid_json_names_the_position():
    with pytest.raises(InvalidReply) as caught:
        load_json_object('{"status": "continue",')
    assert caught.value.kind == "not valid JSON"
    assert "line 1" in caught.value.detail


def test_unknown_action_type_is_a_schema_error_with_its_path():
    with pytest.raises(InvalidReply) as caught:
        parse_step_reply(json.dumps(act({"action_type": "teleport"})))
    assert caught.value.kind == "did not match the schema"
    assert "actions.0" in caught.value.detail


def test_missing_required_parameter_is_reported():
    with pytest.raises(InvalidReply) as caught:
        parse_step_reply(json.dumps(act({"action_type": "input_text", "element_id": "e1"})))
    assert "text" in caught.value.detail


async def test_one_repair_call_sends_the_error_back_and_recovers():
    llm = ScriptedLLM([lambda v: "not json at all", lambda v: act(status="complete")])
    meter = ModelMeter(llm, "m")
    messages = [{"role": "system", "content": ACT_SYSTEM}, {"role": "user", "content": "GOAL: x"}]
    reply = await ask_json(meter, "act", messages, parse_step_reply)
    assert reply.status == "complete"
    assert meter.model_calls == 2
    repair_prompt = llm.requests[1].messages[-1]["content"]
    assert "not valid JSON" in repair_prompt
    assert llm.requests[1].messages[-2] == {"role": "assistant", "content": "not json at all"}


async def test_second_invalid_reply_fails_with_a_precise_reason():
    llm = ScriptedLLM([lambda v: "nope", lambda v: "{still: broken"])
    meter = ModelMeter(llm, "m")
    messages = [{"role": "system", "content": ACT_SYSTEM}, {"role": "user", "content": "GOAL: x"}]
    with pytest.raises(ReplyFailed) as caught:
        await ask_json(meter, "act", messages, parse_step_reply)
    assert str(caught.value).startswith("model reply was not valid JSON after one repair: ")
    assert meter.model_calls == 2
    assert meter.input_tokens > 0


def test_action_parser_is_public_for_other_engines():
    action = parse_action({"action_type": "select_option", "element_id": "e2", "option": "Canada"})
    assert action.option == "Canada"


async def test_the_act_and_verify_calls_carry_their_reply_schemas():
    from stratus.agent.reply import parse_verification_reply
    from stratus.agent.reply_schema import STEP_REPLY_FORMAT, VERIFICATION_REPLY_FORMAT

    llm = ScriptedLLM([lambda v: act(), lambda v: act()])
    meter = ModelMeter(llm, "m")
    messages = [{"role": "system", "content": ACT_SYSTEM}, {"role": "user", "content": "x"}]
    await ask_json(meter, "act", messages, parse_step_reply, schema=STEP_REPLY_FORMAT)
    assert llm.requests[0].response_schema == STEP_REPLY_FORMAT
    assert llm.requests[0].json_mode is True
    assert VERIFICATION_REPLY_FORMAT["schema"]["required"] == ["goal_met"]
    assert parse_verification_reply('{"goal_met": true}').goal_met
