import json

import pytest

from stratus.agent.model_calls import ModelMeter
from stratus.agent.prompt import step_messages, verify_messages
from stratus.domain.models import ActionRecord, Step, TaskSpec
from stratus.domain.snapshot import ElementInfo, PageSnapshot
from tests.fakes.llm import ScriptedLLM

pytestmark = pytest.mark.unit

SNAPSHOT = PageSnapshot(
    url="https://shop.example/checkout",
    title="Checkout",
    elements=[
        ElementInfo(id="e1", tag="input", type="email", name="Email", text_offset=0),
        ElementInfo(id="e2", tag="button", name="Pay now", text_offset=9),
    ],
    text="Checkout\nTotal: 12 EUR",
)
SPEC = TaskSpec(
    goal="Buy the blue mug",
    url="https://shop.example",
    facts={"email": "ada@example.com", "quantity": 2},
    extraction_goal="the order number",
    extraction_schema={"type": "object", "properties": {"order": {"type": "string"}}},
    error_code_mapping={"OUT_OF_STOCK": "the mug is sold out"},
    complete_criterion="an order number is shown",
    terminate_criterion="payment is refused",
)


def _history() -> list[Step]:
    record = ActionRecord(
        action_type="input_text",
        element_id="e1",
        params={"text": "ada@example.com", "target": {"id": "e1", "tag": "input", "name": "Email"}},
    )
    failed = ActionRecord(
        action_type="click",
        element_id="e9",
        success=False,
        error="element id 'e9' is not on the page",
    )
    return [
        Step(step_id="stp_1", run_id="r", organization_id="o", order=1, actions=[record, failed])
    ]


def _user_text(messages) -> str:
    content = messages[1]["content"]
    return content if isinstance(content, str) else content[0]["text"]


def test_prompt_carries_goal_facts_schema_codes_criteria_history_and_page():
    text = _user_text(step_messages(SPEC, SNAPSHOT, _history()))
    assert "GOAL: Buy the blue mug" in text
    assert 'FACTS: {"email":"ada@example.com","quantity":2}' in text
    assert "EXTRACTION GOAL: the order number" in text
    assert json.dumps(SPEC.extraction_schema, separators=(",", ":")) in text
    assert "OUT_OF_STOCK" in text
    assert "COMPLETE WHEN: an order number is shown" in text
    assert "TERMINATE WHEN: payment is refused" in text
    assert 'step 1: input_text e1 "Email" text=ada@example.com -> ok' in text
    assert "FAILED: element id 'e9' is not on the page" in text
    assert "shop.example/checkout" in text  # the page line names the URL
    assert "[e2]button Pay now" in text


def test_first_step_says_there_is_no_history():
    assert "PREVIOUS ACTIONS:\n(none)" in _user_text(step_messages(SPEC, SNAPSHOT, []))


async def test_screenshot_goes_as_an_image_part_but_never_into_the_stored_prompt():
    messages = step_messages(SPEC, SNAPSHOT, [], screenshot_b64="QUJDREVGRw==")
    parts = messages[1]["content"]
    assert parts[1]["image_url"]["url"].startswith("data:image/jpeg;base64,QUJD")

    meter = ModelMeter(ScriptedLLM([lambda v: "{}"]), "m")
    await meter.ask("act", messages)
    stored = json.dumps(meter.calls[0].messages)
    assert "QUJDREVGRw" not in stored
    assert "base64" not in stored


def test_long_history_keeps_the_latest_actions():
    records = [
        ActionRecord(action_type="scroll", params={"direction": "down", "n": i}) for i in range(50)
    ]
    history = [Step(step_id="s", run_id="r", organization_id="o", order=1, actions=records)]
    text = _user_text(step_messages(SPEC, SNAPSHOT, history))
    assert "n=49" in text
    assert "n=0 " not in text
    assert "earlier actions not shown" in text


def test_verification_prompt_includes_history_only_when_asked():
    with_history = verify_messages(SPEC, SNAPSHOT, _history())[1]["content"]
    without = verify_messages(SPEC, SNAPSHOT, None)[1]["content"]
    assert "ACTIONS TAKEN" in with_history and "ada@example.com" in with_history
    assert "ACTIONS TAKEN" not in without
    assert "COMPLETE WHEN: an order number is shown" in without
