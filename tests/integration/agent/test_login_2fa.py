import pytest

from stratus.domain.models import TaskSpec
from tests.fakes.codes import FakeCodes
from tests.fakes.llm import ScriptedLLM, act
from tests.integration.agent.harness import drive

pytestmark = pytest.mark.integration


def sign_in(view):
    return act(
        {"action_type": "input_text", "element_id": view.find("Username"), "text": "grace"},
        {"action_type": "input_text", "element_id": view.find("Password"), "text": "secret"},
        {"action_type": "click", "element_id": view.find("Sign in", "button")},
    )


def enter_code(view):
    assert view.shows("Two-step verification")
    return act(
        {"action_type": "verification_code"},
        {"action_type": "click", "element_id": view.find("Verify", "button")},
    )


def done(view):
    return act(status="complete") if view.shows("Welcome, grace") else act()


def _spec(fixture_server) -> TaskSpec:
    return TaskSpec(
        goal="Sign in as grace with password secret",
        url=fixture_server.url("/login2fa/?expect=481516"),
        totp_identifier="grace@example.com",
    )


async def test_login_with_a_code_from_the_code_source(fixture_server, provider, files_dir):
    codes = FakeCodes(["481516"])
    llm = ScriptedLLM([sign_in, enter_code, done])
    result = await drive(provider, llm, _spec(fixture_server), files_dir=files_dir, codes=codes)

    assert result.status == "completed", result.failure_reason
    assert len(codes.requests) == 1
    code_record = result.outcomes[1].actions[0]
    assert code_record.action_type == "verification_code"
    assert code_record.success
    assert code_record.params["target"]["name"] == "Verification code"
    assert "481516" not in str(code_record.model_dump())  # the code itself is not logged


async def test_no_code_terminates_with_the_wait_named(fixture_server, provider, files_dir):
    llm = ScriptedLLM([sign_in, enter_code])
    result = await drive(
        provider, llm, _spec(fixture_server), files_dir=files_dir, codes=FakeCodes([])
    )
    assert result.status == "terminated"
    assert result.failure_reason == "no verification code arrived within 5 s"
    # the click on Verify after the failed code entry never ran
    assert result.outcomes[1].actions[1].params.get("skipped") is True
