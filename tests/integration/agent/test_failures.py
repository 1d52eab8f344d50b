"""Failure paths: each ends with a reason a user can act on."""

import json

import pytest

from stratus.agent.handlers import CAPTCHA_REASON
from stratus.domain.models import TaskSpec
from tests.fakes.llm import PromptView, ScriptedLLM, act
from tests.integration.agent.harness import drive, new_run

pytestmark = pytest.mark.integration


def _spec(fixture_server, **fields) -> TaskSpec:
    return TaskSpec(goal="Sign in", url=fixture_server.url("/login2fa/"), **fields)


async def test_invalid_json_twice_fails_the_run(fixture_server, provider, files_dir):
    llm = ScriptedLLM([lambda v: "I will click the button", lambda v: '{"actions": [}'])
    result = await drive(provider, llm, _spec(fixture_server), files_dir=files_dir)

    assert result.status == "failed"
    assert result.failure_reason.startswith("model reply was not valid JSON after one repair: ")
    assert "line 1 column" in result.failure_reason
    assert result.outcomes[0].model_calls == 2
    replies = json.loads(
        next(a for a in result.outcomes[0].artifacts if a.name == "llm_reply.json").data
    )
    assert [r["purpose"] for r in replies] == ["act", "act:repair"]


async def test_an_element_gone_before_acting_is_reported(fixture_server, provider, files_dir):
    spec = _spec(fixture_server)
    run = new_run(spec)
    session = await provider.session_for(run)

    async def remove_then_click(view: PromptView):
        element_id = view.find("Sign in", "button")
        await session.page.evaluate("document.querySelector('button[type=submit]').remove()")
        return act(
            {"action_type": "click", "element_id": element_id},
            {"action_type": "click", "element_id": view.find("Forgot password")},
        )

    def give_up(view: PromptView):
        assert "no longer exists on the page" in view.prompt
        return act(status="terminate", terminate_reason="the sign-in button disappeared")

    llm = ScriptedLLM([remove_then_click, give_up])
    result = await drive(provider, llm, spec, files_dir=files_dir, run=run)

    first, second = result.outcomes[0].actions
    assert not first.success
    assert first.error == f"element id {first.element_id!r} no longer exists on the page"
    assert second.params.get("skipped") is True
    assert result.status == "terminated"
    assert result.failure_reason == "the sign-in button disappeared"


async def test_an_id_that_was_never_on_the_page_is_reported(fixture_server, provider, files_dir):
    llm = ScriptedLLM([lambda v: act({"action_type": "click", "element_id": "e999"})])
    result = await drive(provider, llm, _spec(fixture_server), files_dir=files_dir, max_steps=1)
    record = result.outcomes[0].actions[0]
    assert record.error == "element id 'e999' is not on the page"
    assert result.failure_reason == "Reached the maximum of 1 steps"


async def test_captcha_terminates(fixture_server, provider, files_dir):
    llm = ScriptedLLM([lambda v: act({"action_type": "solve_captcha"})])
    result = await drive(provider, llm, _spec(fixture_server), files_dir=files_dir)
    assert result.status == "terminated"
    assert result.failure_reason == CAPTCHA_REASON


async def test_terminate_reports_only_mapped_error_codes(fixture_server, provider, files_dir):
    spec = _spec(fixture_server, error_code_mapping={"LOGIN_FAILED": "the password is wrong"})
    reply = act(
        status="terminate",
        terminate_reason="wrong password",
        errors=[
            {"error_code": "LOGIN_FAILED", "reasoning": "the page says so"},
            {"error_code": "MADE_UP", "reasoning": "not in the mapping"},
        ],
    )
    llm = ScriptedLLM([lambda v: reply])
    result = await drive(provider, llm, spec, files_dir=files_dir)
    assert result.status == "terminated"
    assert result.errors == [{"error_code": "LOGIN_FAILED", "reasoning": "the page says so"}]


async def test_premature_completion_is_checked_and_the_run_goes_on(
    fixture_server, provider, files_dir
):
    def claim_done(view: PromptView):
        return act(status="complete")

    def sign_in(view: PromptView):
        assert "the goal is not met yet: still on the sign-in form" in view.prompt
        return act(
            {"action_type": "input_text", "element_id": view.find("Username"), "text": "kay"},
            {"action_type": "input_text", "element_id": view.find("Password"), "text": "secret"},
            {"action_type": "click", "element_id": view.find("Sign in", "button")},
            status="complete",
        )

    def verify(view: PromptView):
        on_form = view.shows("Username")
        return {"goal_met": not on_form, "reason": "still on the sign-in form" if on_form else "ok"}

    llm = ScriptedLLM([claim_done, sign_in], verify=verify)
    spec = _spec(fixture_server, include_action_history_in_verification=True)
    result = await drive(provider, llm, spec, files_dir=files_dir)

    assert result.status == "completed"
    assert result.outcomes[0].decision == "continue"
    assert llm.purposes == ["act", "verify", "act", "verify"]
    assert "ACTIONS TAKEN" in llm.requests[-1].messages[1]["content"]


async def test_screenshot_reaches_the_model_but_not_the_stored_prompt(
    fixture_server, provider, files_dir
):
    seen = []

    def look(view: PromptView):
        seen.append(view.has_image)
        return act(status="terminate", terminate_reason="just looking")

    llm = ScriptedLLM([look])
    result = await drive(
        provider,
        llm,
        _spec(fixture_server, max_screenshot_scrolls=2),
        files_dir=files_dir,
        settings={"screenshots_in_prompt": "always"},
    )
    assert seen == [True]
    stored = next(a for a in result.outcomes[0].artifacts if a.name == "llm_prompt.json").data
    assert b"base64" not in stored
    shot = next(a for a in result.outcomes[0].artifacts if a.is_screenshot)
    assert shot.data.startswith(b"\x89PNG")
