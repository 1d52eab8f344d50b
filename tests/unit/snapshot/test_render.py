"""render_snapshot on hand-built snapshots: structure, not whole strings."""

import pytest

from stratus.agent.snapshot_render import (
    MAX_OPTIONS,
    OFFSCREEN,
    ONSCREEN,
    element_kind,
    render_element,
    render_snapshot,
)
from stratus.domain.snapshot import ElementInfo, PageSnapshot, SelectOption

pytestmark = pytest.mark.unit


def element(id: str, tag: str, **fields) -> ElementInfo:
    return ElementInfo(id=id, tag=tag, **fields)


def form_snapshot() -> PageSnapshot:
    text = "Sign up\nAbout you\nAlready a member?"
    return PageSnapshot(
        url="http://shop.test/signup",
        title="Sign up - Shop",
        text=text,
        elements=[
            element(
                "e1",
                "input",
                type="email",
                name="Email *",
                value="",
                required=True,
                text_offset=text.index("About you") + len("About you"),
            ),
            element(
                "e2",
                "select",
                name="Country",
                options=[
                    SelectOption(value="us", text="United States", selected=True),
                    SelectOption(value="ca", text="Canada"),
                ],
                text_offset=text.index("About you") + len("About you"),
            ),
            element("e3", "a", role="link", name="Log in", href="/login", text_offset=len(text)),
        ],
    )


def test_one_line_per_element_in_reading_order() -> None:
    lines = render_snapshot(form_snapshot()).split("\n")
    assert lines[0] == "Sign up - Shop | shop.test/signup"
    assert lines.index("Sign up") < lines.index("About you")
    email = next(i for i, line in enumerate(lines) if line.startswith("[e1]"))
    country = next(i for i, line in enumerate(lines) if line.startswith("[e2]"))
    login = next(i for i, line in enumerate(lines) if line.startswith("[e3]"))
    assert lines.index("About you") < email < country < lines.index("Already a member?") < login
    assert sum(line.startswith("[e") for line in lines) == 3


def test_element_line_carries_kind_name_value_and_flags() -> None:
    line = render_element(
        element(
            "e1",
            "input",
            type="email",
            name="Email *",
            value="ann@example.com",
            required=True,
            disabled=True,
        )
    )
    assert line.startswith("[e1]input:email Email *")
    assert '="ann@example.com"' in line
    assert " req" in line and " disabled" in line
    assert " checked" in render_element(element("e2", "input", type="checkbox", checked=True))
    assert "checked" not in render_element(element("e3", "input", type="checkbox", checked=False))


def test_empty_value_is_not_rendered() -> None:
    assert "=" not in render_element(element("e1", "input", type="text", name="City", value=""))


def test_select_options_inline_with_selected_marked_and_long_lists_capped() -> None:
    options = [SelectOption(value=str(i), text=f"Option {i}") for i in range(40)]
    options[30] = SelectOption(value="30", text="Option 30", selected=True)
    line = render_element(element("e5", "select", name="Pick", options=options))
    inside = line[line.index("{") + 1 : line.rindex("}")].split("|")
    assert inside[0] == "Option 0"
    assert "Option 30*" in inside  # the selected option shows even past the cap
    assert inside[-1] == f"+{40 - MAX_OPTIONS - 1}"
    assert len(inside) == MAX_OPTIONS + 2


def test_hrefs_only_when_informative_unless_asked() -> None:
    same_site = element("e1", "a", name="Pricing", href="/pricing")
    other_site = element("e2", "a", name="Docs", href="https://docs.example.com/")
    nameless = element("e3", "a", name="", href="/cart")
    assert "->" not in render_element(same_site)
    assert render_element(other_site).endswith("->https://docs.example.com/")
    assert render_element(nameless).endswith("->/cart")
    assert render_element(same_site, hrefs=True).endswith("->/pricing")


def test_offscreen_region_markers_and_clipped_offscreen_prose() -> None:
    long_line = "word " * 40
    text = f"Top\n{long_line}\nEnd"
    snap = PageSnapshot(
        url="http://x.test/",
        text=text,
        elements=[
            element("e1", "button", name="Visible", text_offset=3),
            element("e2", "button", name="Below", offscreen=True, text_offset=4),
            element("e3", "button", name="Back up", text_offset=len(text)),
        ],
    )
    lines = render_snapshot(snap).split("\n")
    assert lines.index(OFFSCREEN) == lines.index("[e2]button Below") - 1
    assert lines.index(ONSCREEN) == lines.index("[e3]button Back up") - 1
    clipped = next(line for line in lines if line.startswith("word"))
    assert clipped.endswith("\u2026") and len(clipped) < len(long_line.strip())
    full = render_snapshot(snap, offscreen_line_chars=None)
    assert long_line.strip() in full


def test_frame_elements_keep_their_prefixed_ids() -> None:
    snap = PageSnapshot(
        url="http://x.test/",
        elements=[element("f1:e2", "button", name="Pay", frame="f1", text_offset=0)],
    )
    assert "[f1:e2]button Pay" in render_snapshot(snap)


def test_elements_without_offsets_follow_the_text() -> None:
    snap = PageSnapshot(url="http://x.test/", text="Hello", elements=[element("e1", "button")])
    assert render_snapshot(snap).split("\n")[1:] == ["Hello", "[e1]button"]


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({"tag": "a"}, "link"),
        ({"tag": "input", "type": "text"}, "input"),
        ({"tag": "input", "type": "submit"}, "button"),
        ({"tag": "input", "type": "radio"}, "radio"),
        ({"tag": "input", "type": "password"}, "input:password"),
        ({"tag": "textarea"}, "textarea"),
        ({"tag": "div", "role": "tab"}, "tab"),
        ({"tag": "span"}, "span"),
    ],
)
def test_element_kind(fields: dict, kind: str) -> None:
    assert element_kind(ElementInfo(id="e1", **fields)) == kind
