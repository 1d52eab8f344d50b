"""Every fixture page yields the elements that are really there."""

import re
from typing import Any

import pytest

from stratus.agent.page_settle import wait_for_settle
from stratus.agent.snapshot import take_snapshot

pytestmark = pytest.mark.integration

CONTROLS = "a[href], button, input:not([type=hidden]), select, textarea"

PAGES = [
    "/job/",
    "/job/step2.html",
    "/login2fa/",
    "/login2fa/verify.html",
    "/table/",
    "/table/page3.html",
    "/widgets/",
    "/cookie/",
    "/download/",
    "/newtab/",
    "/error/",
    "/error/zip.html",
]


async def present_controls(page: Any) -> int:
    """An independent count: standard controls in every frame (CSS pierces open shadow roots)."""
    total = 0
    for frame in page.frames:
        total += await frame.locator(CONTROLS).count()
    return total


@pytest.mark.parametrize("path", PAGES)
async def test_every_control_on_the_page_is_in_the_snapshot(page, fixture_server, path) -> None:
    await page.goto(fixture_server.url(path))
    await wait_for_settle(page)
    snapshot = await take_snapshot(page)
    standard = [
        e for e in snapshot.elements if e.tag in {"a", "button", "input", "select", "textarea"}
    ]
    assert len(standard) == await present_controls(page)
    assert len({e.id for e in snapshot.elements}) == len(snapshot.elements)
    assert snapshot.title == await page.title()


async def test_job_page_fields_are_described(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/job/"))
    snapshot = await take_snapshot(page)
    by_name = {e.name: e for e in snapshot.elements}
    email = by_name["Email *"]
    assert (email.tag, email.type, email.required) == ("input", "email", True)
    assert email.attrs["placeholder"] == "you@example.com"
    country = by_name["Country *"]
    assert [o.text for o in country.options][:3] == ["-- Choose --", "United States", "Canada"]
    assert country.options[0].selected
    yes = by_name["Yes"]
    assert (yes.type, yes.checked, yes.group) == (
        "radio",
        False,
        "Are you authorized to work in the country? *",
    )
    assert by_name["I agree to the terms of the privacy notice"].type == "checkbox"
    assert by_name["Benefits"].href == "/job/benefits.html"
    assert "Step 1 of 2" in snapshot.text
    assert "First name *" not in snapshot.text  # a label that became a name is not repeated


async def test_values_and_checked_state_follow_the_page(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/job/"))
    await page.fill("#email", "ann@example.com")
    await page.check("input[value=yes]")
    await page.select_option("#country", "ca")
    snapshot = await take_snapshot(page)
    by_name = {e.name: e for e in snapshot.elements}
    assert by_name["Email *"].value == "ann@example.com"
    assert by_name["Yes"].checked is True and by_name["No"].checked is False
    assert [o.text for o in by_name["Country *"].options if o.selected] == ["Canada"]


async def test_password_values_are_masked(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/login2fa/"))
    await page.fill("#password", "secret")
    snapshot = await take_snapshot(page)
    password = next(e for e in snapshot.elements if e.type == "password")
    assert password.value and "secret" not in password.value


async def test_accessible_names(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/widgets/"))
    snapshot = await take_snapshot(page)
    by_html_id = {e.attrs.get("id"): e for e in snapshot.elements if e.attrs.get("id")}
    assert by_html_id["ship"].name == "Shipping note"  # aria-labelledby
    assert by_html_id["coupon"].name == "Coupon code"  # placeholder
    assert by_html_id["gift"].name == "Gift message"  # nearby text in the same row
    assert "Gift message" not in snapshot.text  # it became the name: not repeated
    assert by_html_id["newsletter"].name == "Newsletter"  # wrapping label
    assert by_html_id["q"].name == "Search tasks"  # label[for] inside a shadow root


async def test_frames_shadow_roots_scrollers_and_script_clicks(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/widgets/"))
    await wait_for_settle(page)
    snapshot = await take_snapshot(page)
    framed = [e for e in snapshot.elements if e.frame]
    assert {e.frame for e in framed} == {"f1", "f2"}  # same-origin and cross-origin frames
    assert sorted(e.name for e in framed) == ["Card number", "Card number", "Pay", "Pay"]
    assert all(e.id.startswith(f"{e.frame}:") for e in framed)
    names = {e.name: e for e in snapshot.elements if not e.frame}
    assert names["Go"].tag == "button"  # inside the web component's shadow root
    assert not names["Task 1"].offscreen and names["Task 8"].offscreen  # scroller fold
    assert names["Load more"].offscreen  # far below the viewport
    for chip in ("Red", "Green", "Blue", "Reset filters"):  # listeners / onclick property only
        assert names[chip].tag == "span"
    assert names["Newsletter"].type == "checkbox"  # opacity 0 behind a styled label
    assert "Selected filter: none" in snapshot.text
    # frame text sits where the iframe is, between the section heading and the next one
    assert snapshot.text.index("Embedded payment form") < snapshot.text.index("Search component")


async def test_hidden_things_are_left_out(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/cookie/"))
    await page.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML('beforeend',
        '<button style="display:none">Ghost</button><div aria-hidden="true">'
        + '<button>Shadowed</button></div><button style="visibility:hidden">Invisible</button>'
        + '<p style="display:none">Secret text</p>')"""
    )
    snapshot = await take_snapshot(page)
    names = {e.name for e in snapshot.elements}
    assert {"Like this recipe", "Accept all", "Reject all"} <= names
    assert not {"Ghost", "Shadowed", "Invisible"} & names
    assert "Secret text" not in snapshot.text
    assert "We value your privacy" in snapshot.text


async def test_text_is_trimmed_but_elements_are_kept(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/table/"))
    full = await take_snapshot(page)
    short = await take_snapshot(page, max_text_chars=40)
    kept, _, marker = short.text.rpartition("\n")
    assert len(kept) <= 40 and kept == full.text[: len(kept)]
    # it says how much was left out (line breaks between the lines left out are not counted)
    left_out = full.text[len(kept) :]
    counted = int(re.fullmatch(r"\u2026 \(\+(\d+) chars\)", marker).group(1))
    assert len(left_out.replace("\n", "")) <= counted <= len(left_out)
    assert [e.id for e in short.elements] == [e.id for e in full.elements]
    assert all((e.text_offset or 0) <= len(short.text) for e in short.elements)
    for row in ("Trail Backpack", "$59.00", "Out of stock"):
        assert row in full.text


async def test_snapshot_right_after_a_navigating_click(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/table/"))
    await page.click("text=Next", no_wait_after=True)
    snapshot = await take_snapshot(page)
    assert snapshot.elements  # either page, never an empty read of a dying document
    await wait_for_settle(page)
    settled = await take_snapshot(page)
    assert "Page 2 of 3" in settled.text
    assert "Rain Jacket" in settled.text
