import json

import pytest

from stratus.agent.json_reply import InvalidReply
from stratus.domain.models import TaskSpec
from stratus.engines.v2_prompts import PLANNER_MARKER, parse_planner_reply, planner_messages
from stratus.engines.v2_state import STATE_KEY, V2State

pytestmark = pytest.mark.unit


def started(goal="Fill the form", order=0) -> V2State:
    state = V2State()
    state.begin(goal, "https://example.com/form", None, order)
    return state


def test_state_round_trips_through_engine_state_and_keeps_other_keys():
    state = started()
    dumped = state.dump({"other": 1})
    assert dumped["other"] == 1
    assert json.loads(json.dumps(dumped)) == dumped  # plain JSON, storable anywhere
    again = V2State.load(dumped)
    assert again == state
    assert V2State.load({}) == V2State()
    assert STATE_KEY in dumped


def test_a_completed_mini_task_goes_to_memory_and_the_planner_runs_again():
    state = started()
    assert state.after_step("continue", engine_state={"extractions": [1]}) == "continue"
    assert state.active.engine_state == {"extractions": [1]} and state.active.steps == 1
    assert state.after_step("complete", summary="sent", output={"a": 1}, url="u2") == "replan"
    assert state.active is None
    assert state.memory[0].model_dump() == {
        "goal": "Fill the form",
        "status": "completed",
        "result": "sent",
        "output": {"a": 1},
        "url": "u2",
    }
    assert state.latest_output() == {"a": 1}


def test_the_mini_task_step_cap_fails_it_and_replans():
    state = started()
    assert state.after_step("continue", max_steps=2) == "continue"
    assert state.after_step("continue", max_steps=2) == "replan"
    assert state.memory[0].status == "failed"
    assert state.memory[0].result == "did not finish within 2 steps"


def test_failures_replan_but_model_outages_and_terminations_end_the_run():
    state = started()
    assert state.after_step("fail", failure_reason="extraction broke") == "replan"
    assert state.memory[-1].status == "failed"
    state.begin("again", None, None, 3)
    assert state.after_step("fail", failure_reason="model call failed: 500") == "fail"
    state = started()
    assert state.after_step("terminate") == "terminate"


def test_iterations_are_counted_and_limited():
    state = V2State()
    for order in range(3):
        assert state.can_begin(3)
        state.begin(f"task {order}", None, None, order)
        state.after_step("complete")
    assert state.iteration == 3 and not state.can_begin(3)
    with pytest.raises(RuntimeError):
        state.after_step("continue")
    state.begin("x", None, None, 9)
    with pytest.raises(RuntimeError):
        state.begin("y", None, None, 9)


def test_failed_outputs_are_not_used():
    state = started()
    state.after_step("fail", failure_reason="bad", output={"partial": True})
    assert state.outputs() == [] and state.latest_output() is None


def test_planner_replies_are_validated():
    decision = parse_planner_reply(
        '{"status": "next", "mini_task": {"goal": "Open the catalog", "url": "https://x/"}}'
    )
    assert decision.mini_task.url == "https://x/"
    assert parse_planner_reply('{"status": "done", "summary": "ok"}').summary == "ok"
    with pytest.raises(InvalidReply):
        parse_planner_reply('{"status": "next"}')
    with pytest.raises(InvalidReply):
        parse_planner_reply('{"status": "maybe"}')


def test_planner_prompt_shows_goal_memory_and_page_state():
    state = started()
    state.after_step("complete", summary="submitted", output={"id": 7})
    messages = planner_messages(
        TaskSpec(goal="Apply and report the id", extraction_schema={"type": "object"}),
        state,
        None,
        max_iterations=5,
    )
    assert messages[0]["content"].startswith(PLANNER_MARKER)
    prompt = messages[1]["content"]
    assert "GOAL: Apply and report the id" in prompt
    assert "MINI-TASKS USED: 1 of 5" in prompt
    assert '1. Fill the form -> completed: submitted | data: {"id":7}' in prompt
    assert "(the browser has no page open)" in prompt
    assert 'OUTPUT SCHEMA: {"type":"object"}' in prompt
