"""A drag goes into a script by locators (source and drop target) or by its offsets."""

import pytest

from stratus.agent.actions import parse_action
from stratus.agent.executor import _new_record
from stratus.agent.prompt import describe_record
from stratus.domain.models import Run, Step, TaskSpec
from stratus.domain.snapshot import ElementInfo, PageSnapshot
from stratus.domain.status import ApiFamily, Engine, RunType
from stratus.scripts.recorder import build_script

pytestmark = pytest.mark.unit

PARCEL = ElementInfo(id="e1", tag="div", name="Parcel", attrs={"id": "item"})
BIN = ElementInfo(id="e2", tag="div", name="Bin", attrs={"id": "bin"})
KNOB = ElementInfo(id="e3", tag="div", name="Knob", attrs={"id": "knob", "title": "Knob"})
SNAPSHOT = PageSnapshot(url="http://site.test/drag", title="Drag", elements=[PARCEL, BIN, KNOB])
RUN = Run(
    run_id="tsk_1",
    organization_id="o_1",
    api_family=ApiFamily.v1,
    run_type=RunType.task_v1,
    engine=Engine.skyvern_v1,
    spec=TaskSpec(goal="Sort the parcel", url="http://site.test/drag"),
)


def _records(*actions: dict) -> list:
    return [_new_record(parse_action(a), SNAPSHOT, typed_secret=False) for a in actions]


def _script(records: list):
    step = Step(step_id="s", run_id="tsk_1", organization_id="o_1", order=1, actions=records)
    return build_script(RUN, [step])


def test_a_drag_onto_an_element_records_both_elements_and_no_snapshot_id():
    onto, by = _records(
        {"action_type": "drag", "element_id": "e1", "target_id": "e2"},
        {"action_type": "drag", "element_id": "e3", "offset_x": 100, "offset_y": -5},
    )
    assert onto.params["drop_target"]["name"] == "Bin"
    assert "drop_target" not in by.params
    assert describe_record(onto) == 'drag e1 "Parcel" target_id=e2 offset_x=0 offset_y=0 -> ok'

    script = _script([onto, by])
    assert script is not None
    first, second = script.steps
    assert first.locator.name == "Parcel" and first.drop_locator.name == "Bin"
    assert first.drop_locator.attrs == {"id": "bin"}
    assert "target_id" not in first.params
    assert second.drop_locator is None
    assert second.params == {"offset_x": 100, "offset_y": -5}


def test_a_drag_whose_drop_target_was_not_recorded_is_left_out():
    (record,) = _records({"action_type": "drag", "element_id": "e1", "target_id": "e9"})
    assert "drop_target" not in record.params
    assert _script([record]) is None


@pytest.mark.parametrize(
    "unlearnable",
    [
        {"action_type": "select_text", "text": "Parcel"},
        {"action_type": "download_file", "element_id": "e1"},
    ],
)
def test_a_run_that_did_what_a_replay_cannot_repeat_is_not_learned(unlearnable):
    """A replay would skip it and find the page as it expects: it would end without it."""
    drag, other = _records(
        {"action_type": "drag", "element_id": "e1", "target_id": "e2"}, unlearnable
    )
    assert _script([drag]) is not None
    assert other.success
    assert _script([drag, other]) is None
