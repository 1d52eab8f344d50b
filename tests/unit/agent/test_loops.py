"""Loop detection over step history: the same failing action in consecutive steps."""

from stratus.agent.loops import failing_loop
from stratus.domain.models import ActionRecord, Step


def _step(order: int, *records: ActionRecord) -> Step:
    return Step(
        step_id=f"s{order}", run_id="r", organization_id="o", order=order, actions=list(records)
    )


def _fail(element_id: str = "e3", option: str = "zzzz") -> ActionRecord:
    return ActionRecord(
        action_type="select_option",
        element_id=element_id,
        params={"option": option, "target": {"id": element_id, "name": "Size"}},
        success=False,
        error="no option matches",
    )


def test_three_consecutive_failures_of_one_action_are_a_loop() -> None:
    history = [_step(i, _fail()) for i in range(1, 4)]
    loop = failing_loop(history)
    assert loop is not None and loop.steps == 3
    assert loop.action == 'select_option e3 "Size"'
    assert "no option matches" in loop.note and "3 consecutive steps" in loop.reason


def test_a_different_action_or_a_success_in_between_breaks_the_chain() -> None:
    ok = ActionRecord(action_type="click", element_id="e1")
    assert (
        failing_loop([_step(1, _fail()), _step(2, ok), _step(3, _fail()), _step(4, _fail())])
        is None
    )
    other = [_step(1, _fail()), _step(2, _fail(option="M")), _step(3, _fail())]
    assert failing_loop(other) is None
    skipped = ActionRecord(action_type="click", success=False, params={"skipped": True})
    assert failing_loop([_step(1, skipped), _step(2, skipped), _step(3, skipped)]) is None
