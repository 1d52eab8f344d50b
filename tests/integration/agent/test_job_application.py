from pathlib import Path

import pytest

from stratus.domain.models import TaskSpec
from tests.fakes.llm import ScriptedLLM, act
from tests.integration.agent.harness import drive

pytestmark = pytest.mark.integration

SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "email": {"type": "string"},
        "resume": {"type": "string"},
    },
    "required": ["name", "email", "resume"],
}


def fill_step1(view):
    return act(
        {"action_type": "input_text", "element_id": view.find("First name"), "text": "Ada"},
        {"action_type": "input_text", "element_id": view.find("Last name"), "text": "Lovelace"},
        {"action_type": "input_text", "element_id": view.find("Email"), "text": "ada@example.com"},
        {"action_type": "select_option", "element_id": view.find("Country"), "option": "canada"},
        {"action_type": "click", "element_id": view.find("Yes", "radio")},
        {"action_type": "checkbox", "element_id": view.find("I agree"), "checked": True},
        {"action_type": "click", "element_id": view.find("Next")},
    )


def fill_step2(view):
    assert view.shows("Step 2 of 2")
    return act(
        {"action_type": "upload_file", "element_id": view.find("Resume"), "file": "resume.pdf"},
        {"action_type": "input_text", "element_id": view.find("Cover letter"), "text": "Hi"},
        {"action_type": "click", "element_id": view.find("Submit application")},
    )


def confirm(view):
    assert view.shows("Application received")
    return act(status="complete")


def extract_confirmation(view):
    page = view.prompt
    assert "Application received" in page
    name = "Ada Lovelace" if "Thank you, Ada Lovelace" in page else None
    email = "ada@example.com" if "write to ada@example.com" in page else None
    resume = "resume.pdf" if "Resume: resume.pdf" in page else None
    return {"output": {"name": name, "email": email, "resume": resume}}


async def test_two_page_application_with_upload_ends_with_extracted_confirmation(
    fixture_server, provider, files_dir: Path
):
    (files_dir / "resume.pdf").write_bytes(b"%PDF-1.4 resume")
    spec = TaskSpec(
        goal="Apply for the Data Analyst job",
        url=fixture_server.url("/job/"),
        facts={"first_name": "Ada", "last_name": "Lovelace", "resume": "resume.pdf"},
        extraction_goal="the confirmation details",
        extraction_schema=SCHEMA,
    )
    llm = ScriptedLLM([fill_step1, fill_step2, confirm], extract=extract_confirmation)
    result = await drive(provider, llm, spec, files_dir=files_dir)

    assert result.status == "completed", result.failure_reason
    assert result.output == {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "resume": "resume.pdf",
    }
    assert all(r.success for r in result.records), [r.error for r in result.records]
    assert llm.purposes == ["act", "act", "act", "verify", "extract"]
    first = result.outcomes[0].actions
    assert first[3].params["selected"] == {"value": "ca", "text": "Canada"}
    assert first[0].params["target"]["name"].startswith("First name")
    assert first[0].params["text"] == "Ada"
    names = {a.name for a in result.outcomes[-1].artifacts}
    assert {"screenshot.png", "snapshot.json", "llm_prompt.json", "llm_reply.json"} <= names
    assert "actions.json" in names
