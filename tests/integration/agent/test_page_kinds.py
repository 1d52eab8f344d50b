"""Frames, shadow DOM, hidden inputs, cookie banners, downloads, new tabs, error pages."""

import hashlib
from pathlib import Path

import pytest

from stratus.domain.models import TaskSpec
from tests.fakes.llm import PromptView, ScriptedLLM, act
from tests.integration.agent.harness import drive

pytestmark = pytest.mark.integration

SITES = Path(__file__).resolve().parents[2] / "fixtures" / "sites"


def verify_shows(*texts: str):
    def check(view: PromptView):
        missing = [t for t in texts if not view.shows(t)]
        return {"goal_met": not missing, "reason": f"missing {missing}" if missing else "shown"}

    return check


async def test_iframe_shadow_dom_and_hidden_checkbox(fixture_server, provider, files_dir):
    def act_on_widgets(view: PromptView):
        card = view.find("Card number")
        assert ":" in card  # inside a frame
        return act(
            {"action_type": "input_text", "element_id": card, "text": "4242 4242"},
            {"action_type": "click", "element_id": view.find("Pay", "button")},
            {"action_type": "input_text", "element_id": view.find("Search tasks"), "text": "pump"},
            {"action_type": "click", "element_id": view.find("Go", "button")},
            {"action_type": "checkbox", "element_id": view.find("Newsletter"), "checked": True},
            status="complete",
        )

    llm = ScriptedLLM(
        [act_on_widgets], verify=verify_shows("Paid with 4242 4242", "Searched: pump")
    )
    spec = TaskSpec(goal="Pay, search and subscribe", url=fixture_server.url("/widgets/"))
    result = await drive(provider, llm, spec, files_dir=files_dir, max_steps=2)

    assert all(r.success for r in result.records), [r.error for r in result.records]
    assert result.status == "completed", result.failure_reason
    session = await provider.session_for(result.run)
    assert await session.page.locator("#newsletter").is_checked()


async def test_cookie_banner_is_dismissed_before_acting(fixture_server, provider, files_dir):
    def like_first(view: PromptView):  # a careless model that ignores the banner
        return act({"action_type": "click", "element_id": view.find("Like this recipe")})

    def dismiss_then_like(view: PromptView):
        assert "intercepts pointer events" in view.prompt
        return act(
            {"action_type": "click", "element_id": view.find("Accept all")},
            {"action_type": "click", "element_id": view.find("Like this recipe")},
            status="complete",
        )

    llm = ScriptedLLM([like_first, dismiss_then_like], verify=verify_shows("Likes: 1"))
    spec = TaskSpec(goal="Like the recipe of the day", url=fixture_server.url("/cookie/"))
    result = await drive(provider, llm, spec, files_dir=files_dir, max_steps=3)

    assert result.status == "completed", result.failure_reason
    first = result.outcomes[0].actions[0]
    assert not first.success and first.error
    assert all(r.success for r in result.outcomes[1].actions)


async def test_download_is_saved_with_its_checksum(fixture_server, provider, files_dir):
    def download(view: PromptView):
        return act(
            {"action_type": "download_file", "element_id": view.find("May 2024 report")},
            status="complete",
        )

    llm = ScriptedLLM([download])
    spec = TaskSpec(goal="Download the May report", url=fixture_server.url("/download/"))
    result = await drive(provider, llm, spec, files_dir=files_dir, max_steps=2)

    assert result.status == "completed", result.failure_reason
    expected = (SITES / "download" / "files" / "report-2024-05.csv").read_bytes()
    (downloaded,) = result.outcomes[0].downloaded_files
    assert downloaded.filename == "report-2024-05.csv"
    assert downloaded.checksum == hashlib.sha256(expected).hexdigest()
    assert downloaded.url == ""
    assert (files_dir / "report-2024-05.csv").read_bytes() == expected
    artifact = next(a for a in result.outcomes[0].artifacts if a.name.startswith("download:"))
    assert artifact.name == "download:report-2024-05.csv"
    assert artifact.data == expected


async def test_new_tab_is_followed(fixture_server, provider, files_dir):
    def open_directory(view: PromptView):
        return act({"action_type": "click", "element_id": view.find("partner directory")})

    def on_new_page(view: PromptView):
        assert view.shows("Three partners listed")
        return act(status="complete")

    llm = ScriptedLLM([open_directory, on_new_page])
    spec = TaskSpec(goal="Open the partner directory", url=fixture_server.url("/newtab/"))
    result = await drive(provider, llm, spec, files_dir=files_dir, max_steps=3)

    assert result.status == "completed", result.failure_reason
    click = result.outcomes[0].actions[0]
    assert click.params["new_tab_url"].endswith("/newtab/partner.html")
    assert result.outcomes[1].url.endswith("/newtab/partner.html")


async def test_error_message_is_read_and_the_input_corrected(fixture_server, provider, files_dir):
    def order(quantity: str):
        def reply(view: PromptView):
            return act(
                {
                    "action_type": "input_text",
                    "element_id": view.find("Quantity"),
                    "text": quantity,
                },
                {"action_type": "click", "element_id": view.find("Order", "button")},
            )

        return reply

    def correct(view: PromptView):
        assert view.shows("Quantity must be a whole number from 1 to 100")
        return order("5")(view)

    def done(view: PromptView):
        return act(status="complete") if view.shows("Form received") else act()

    llm = ScriptedLLM([order("500"), correct, done], verify=verify_shows("quantity", "5"))
    spec = TaskSpec(goal="Order paper", url=fixture_server.url("/error/"))
    result = await drive(provider, llm, spec, files_dir=files_dir, max_steps=4)

    assert result.status == "completed", result.failure_reason
    assert [len(o.actions) for o in result.outcomes[:2]] == [2, 2]
    assert result.outcomes[1].actions[0].params["text"] == "5"
