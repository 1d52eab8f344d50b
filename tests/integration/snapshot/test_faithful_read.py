"""What a model needs survives the read (fixture page reading/hints.html, real Chromium):
format hints, read-only fields, accepted files, the current page or step, what choices
submit, every option of a long select, table cells, how much text was cut, and which text
is in view.
"""

from __future__ import annotations

import re

import pytest

from stratus.agent.snapshot import take_snapshot
from stratus.agent.snapshot_render import (
    MAX_OPTIONS,
    OFFSCREEN,
    OFFSCREEN_LINE_CHARS,
    ONSCREEN,
    render_snapshot,
)
from stratus.domain.snapshot import ElementInfo, PageSnapshot

pytestmark = pytest.mark.integration


def by_html_id(snapshot: PageSnapshot) -> dict[str, ElementInfo]:
    return {e.attrs["id"]: e for e in snapshot.elements if e.attrs.get("id")}


def line_of(snapshot: PageSnapshot, html_id: str) -> str:
    element_id = by_html_id(snapshot)[html_id].id
    rendered = render_snapshot(snapshot)
    return next(x for x in rendered.splitlines() if x.startswith(f"[{element_id}]"))


@pytest.fixture
async def hints(page, fixture_server) -> PageSnapshot:
    await page.goto(fixture_server.url("/reading/hints.html"))
    return await take_snapshot(page)


async def test_placeholder_shows_beside_a_label(hints: PageSnapshot) -> None:
    assert (
        line_of(hints, "phone")
        == f'[{by_html_id(hints)["phone"].id}]input:tel Phone placeholder="+1 555 123 4567"'
    )
    assert "placeholder" not in line_of(hints, "search")  # the same words as its label


async def test_readonly_fields_accepted_files_and_the_current_page(hints: PageSnapshot) -> None:
    assert line_of(hints, "when").endswith('Delivery date ="2025-03-14" readonly')
    assert line_of(hints, "aria-ro").endswith("readonly")
    assert line_of(hints, "cv").endswith('file Resume accept=".pdf,.docx"')
    assert line_of(hints, "p2").endswith("link 2 current")
    assert "current" not in line_of(hints, "p1") + line_of(hints, "p3")
    assert line_of(hints, "s2").endswith("Shipping current")


async def test_radio_and_option_values_where_they_differ_from_the_text(
    hints: PageSnapshot,
) -> None:
    assert line_of(hints, "std").endswith('radio Standard value="1"')
    assert "value=" not in line_of(hints, "exp")  # "express" is its label's word
    options = line_of(hints, "country")
    assert "{Country 0=c0*|Country 1=c1|Same|Country 3=c3|" in options


async def test_a_long_select_lists_options_up_to_the_cap_and_counts_the_rest(
    hints: PageSnapshot,
) -> None:
    options = line_of(hints, "country")
    assert f"Country {MAX_OPTIONS - 1}=c{MAX_OPTIONS - 1}|" in options
    assert f"Country {MAX_OPTIONS}=" not in options
    assert options.endswith(f"|(+{130 - MAX_OPTIONS} more)}}")


async def test_table_cells_keep_their_boundaries(hints: PageSnapshot) -> None:
    lines = render_snapshot(hints).splitlines()
    assert "City | Zone | Rate" in lines
    assert "New York | North East | 3" in lines
    assert "San Jose | | 5 days" in lines  # an empty cell keeps its column


async def test_text_in_view_after_an_offscreen_element_stays_out_of_the_offscreen_block(
    hints: PageSnapshot,
) -> None:
    ids = by_html_id(hints)
    assert ids["slide4"].offscreen and not ids["slide1"].offscreen
    lines = render_snapshot(hints).splitlines()
    slide4 = lines.index(line_of(hints, "slide4"))
    assert lines[slide4 - 1] == OFFSCREEN
    assert lines[slide4 + 1 : slide4 + 3] == [ONSCREEN, "Shown below the carousel"]


async def test_text_below_the_fold_is_offscreen_and_shortened_to_whole_words(
    hints: PageSnapshot,
) -> None:
    lines = render_snapshot(hints).splitlines()
    far = next(x for x in lines if x.startswith("Far below the fold"))
    assert OFFSCREEN in lines[: lines.index(far)]
    assert ONSCREEN not in lines[lines.index(far) :]
    assert far.endswith("\u2026") and len(far) <= OFFSCREEN_LINE_CHARS
    paragraph = hints.text[hints.text.index("Far below the fold") :]
    assert paragraph[len(far) - 1] == " "  # cut between words
    whole = render_snapshot(hints, offscreen_line_chars=None)
    assert "before it decides to scroll down to it." in whole


async def test_text_past_the_budget_says_how_much_was_cut(page, fixture_server) -> None:
    await page.goto(fixture_server.url("/reading/hints.html"))
    await page.evaluate(
        """() => {
          const box = document.createElement('section');
          for (let i = 0; i < 400; i++) {
            const p = document.createElement('p');
            p.textContent = `Paragraph ${String(i).padStart(3, '0')} of the terms.`;
            box.append(p);
          }
          const button = document.createElement('button');
          button.id = 'accept-terms';
          button.textContent = 'Accept terms';
          box.append(button);
          document.querySelector('main').append(box);
        }"""
    )
    snapshot = await take_snapshot(page)
    match = re.search(r"\u2026 \(\+(\d+) chars\)$", snapshot.text)
    assert match, snapshot.text[-200:]
    shown = snapshot.text[: match.start()]
    assert "Paragraph 399" not in shown and "Paragraph 000" in shown
    # every paragraph left out is counted (27 characters and a line break each)
    last = int(re.findall(r"Paragraph (\d+)", shown)[-1])
    assert int(match.group(1)) >= (399 - last) * 27
    rendered = render_snapshot(snapshot).splitlines()
    marker = next(i for i, x in enumerate(rendered) if re.search(r"\(\+\d+ chars\)$", x))
    button = rendered.index(line_of(snapshot, "accept-terms"))
    assert button > marker  # the elements past the cut are still listed, after the sign
