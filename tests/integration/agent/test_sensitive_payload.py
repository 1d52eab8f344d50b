"""Payload fields a request marks sensitive: the model gets their values, and every step
record and artifact the run stores shows them masked (real Chromium, SQLite, local files)."""

from __future__ import annotations

import json

import pytest

from stratus.agent.secret_fields import MASK
from stratus.bootstrap import build_container
from stratus.config import Settings
from stratus.contract.commands import create_v1_task
from stratus.contract.requests import V1TaskRequest
from tests.fakes.llm import PromptView, ScriptedLLM, act

pytestmark = pytest.mark.integration

CARD = "4111-1111-1111-1111"
PIN = 'pi"n\\42'  # quotes and a backslash: the form it takes inside JSON text is masked too


async def test_sensitive_payload_values_are_masked_in_stored_steps_and_artifacts(
    tmp_path, fixture_server
) -> None:
    prompts: list[str] = []

    def type_card(view: PromptView):
        prompts.append(view.prompt)
        return act(
            {
                "action_type": "input_text",
                "element_id": view.find("Username"),
                "text": CARD,
                "reasoning": f"the card number is {CARD}",
            },
            page_assessment=f"a sign-in form; the pin {PIN} is not needed",
        )

    def done(view: PromptView):
        return act(status="complete")

    llm = ScriptedLLM([type_card, done])
    settings = Settings(
        data_dir=tmp_path / "data", model="scripted-model", screenshots_in_prompt="never"
    )
    container = build_container(settings, llm=llm)
    key, _ = container.keys.create_key("tests")
    request = V1TaskRequest.model_validate(
        {
            "url": fixture_server.url("/login2fa/"),
            "navigation_goal": "Type the card number into the username field",
            "navigation_payload": {"name": "Grace", "card": {"number": CARD}, "pin": PIN},
            "sensitive_payload_fields": ["card.number", "pin"],
        }
    )
    run = container.runs.create_run(key, create_v1_task(request))
    page = None
    try:
        for _ in range(4):
            report = await container.execution.run_step(run.run_id)
            page = (await container.browser.session_for(run)).page
            if report.done:
                break
        typed = await page.locator("#username").input_value()
    finally:
        await container.browser.close()

    # the model was told the values, and the page got the real one
    assert CARD in prompts[0] and json.dumps(PIN)[1:-1] in prompts[0]
    assert typed == CARD
    assert container.store.get_run(run.run_id).status.value == "completed"
    # the stored steps: the typed value, the reasoning and the assessment are masked
    steps = container.store.list_steps(run.run_id)
    stored = json.dumps([step.model_dump(mode="json") for step in steps])
    assert CARD not in stored and 'pi\\"n' not in stored
    [typing] = [a for a in steps[0].actions if a.action_type == "input_text"]
    assert typing.params["text"] == MASK and typing.params["masked"] is True
    assert typing.reasoning == f"the card number is {MASK}"
    # every artifact the steps stored: prompts (FACTS), replies, actions, snapshots
    root = tmp_path / "data" / "artifacts" / run.organization_id / run.run_id
    files = [p for p in root.glob("[0-9][0-9][0-9]-[0-9]*/*") if p.is_file()]
    names = {p.name for p in files}
    assert {"llm_prompt.json", "llm_reply.json", "actions.json"} <= names
    for path in files:
        data = path.read_bytes()
        assert CARD.encode() not in data, path.name
        assert json.dumps(PIN)[1:-1].encode() not in data, path.name
        assert PIN.encode() not in data, path.name
    prompt_text = next(p for p in files if p.name == "llm_prompt.json").read_text()
    assert "Grace" in prompt_text and MASK in prompt_text  # the rest of FACTS is kept


def test_a_sensitive_field_not_in_the_payload_is_refused() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as refused:
        V1TaskRequest.model_validate(
            {
                "url": "https://example.com",
                "navigation_payload": {"card": {"number": CARD}},
                "sensitive_payload_fields": ["card.cvv"],
            }
        )
    [error] = refused.value.errors()
    assert error["loc"] == ("sensitive_payload_fields",) and "card.cvv" in error["msg"]
