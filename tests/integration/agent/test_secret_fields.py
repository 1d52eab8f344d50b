"""What the agent types into password and one-time-code fields is masked in step records,
the model's action history, the CLI's progress lines and artifacts; the page gets the real
value."""

import json

import pytest

from stratus.agent.secret_fields import MASK
from stratus.domain.models import TaskSpec
from stratus.progress import describe_action
from tests.fakes.llm import PromptView, ScriptedLLM, act
from tests.integration.agent.harness import drive

pytestmark = pytest.mark.integration

PASSWORD = "secret"  # what the fixture's login page accepts
CODE = "481516"


async def test_typed_secrets_are_masked_everywhere_but_on_the_page(
    fixture_server, provider, files_dir
) -> None:
    prompts: list[str] = []

    def type_password(view: PromptView):
        return act(
            {"action_type": "input_text", "element_id": view.find("Username"), "text": "grace"},
            {"action_type": "input_text", "element_id": view.find("Password"), "text": PASSWORD},
        )

    def sign_in(view: PromptView):
        prompts.append(view.prompt)
        return act({"action_type": "click", "element_id": view.find("Sign in", "button")})

    def type_code(view: PromptView):
        prompts.append(view.prompt)
        assert view.shows("Two-step verification")
        return act(
            {
                "action_type": "input_text",
                "element_id": view.find("Verification code"),
                "text": CODE,
            },
            {"action_type": "click", "element_id": view.find("Verify", "button")},
        )

    def done(view: PromptView):
        prompts.append(view.prompt)
        return act(status="complete") if view.shows("Welcome, grace") else act()

    llm = ScriptedLLM([type_password, sign_in, type_code, done])
    spec = TaskSpec(goal="Sign in as grace", url=fixture_server.url(f"/login2fa/?expect={CODE}"))
    result = await drive(provider, llm, spec, files_dir=files_dir)

    # the site took the real password and the real code
    assert result.status == "completed", result.failure_reason
    username, password = result.outcomes[0].actions
    code = result.outcomes[2].actions[0]
    assert username.params["text"] == "grace"  # ordinary fields keep their value
    for record, value in ((password, PASSWORD), (code, CODE)):
        assert record.success, record.error
        assert record.params["text"] == MASK
        assert value not in json.dumps(record.model_dump(mode="json"))
        assert describe_action(record.model_dump()).endswith(f"= {MASK!r}")  # `stratus run`
    # the model's action history
    history = [line for prompt in prompts for line in prompt.splitlines() if "input_text" in line]
    assert any("Password" in line and MASK in line for line in history), history
    assert any("Verification code" in line and MASK in line for line in history), history
    assert not any(f"={PASSWORD}" in line or CODE in line for line in history), history
    # artifacts: the records, and the model's reply that named the value
    for outcome in result.outcomes[:3:2]:
        for artifact in outcome.artifacts:
            if artifact.name in ("actions.json", "llm_reply.json"):
                text = artifact.data.decode()
                assert f'"{PASSWORD}"' not in text and CODE not in text, artifact.name
