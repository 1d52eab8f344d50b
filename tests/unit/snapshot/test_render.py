"""render_snapshot on hand-built snapshots: structure, not whole strings."""

import pytest

from stratus.agent.snapshot_render import (
    MAX_OPTIONS,
    OFFSCREEN,
    OFFSCREEN_LINE_CHARS,
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
    total = MAX_OPTIONS + 40
    options = [SelectOption(value=f"option-{i}", text=f"Option {i}") for i in range(total)]
    options[MAX_OPTIONS + 30] = SelectOption(value="x", text="Chosen", selected=True)
    line = render_element(element("e5", "select", name="Pick", options=options))
    inside = line[line.index("{") + 1 : line.rindex("}")].split("|")
    assert inside[0] == "Option 0"
    assert f"Option {MAX_OPTIONS - 1}" in inside  # every option up to the cap
    assert "Chosen=x*" in inside  # the selected option shows even past the cap
    assert inside[-1] == f"(+{total - MAX_OPTIONS - 1} more)"
    assert len(inside) == MAX_OPTIONS + 2


def test_option_values_show_where_they_say_more_than_the_text() -> None:
    options = [
        SelectOption(value="", text="Choose one"),
        SelectOption(value="us", text="United States", selected=True),
        SelectOption(value="Canada", text="Canada"),
        SelectOption(value="new-york", text="New York"),
    ]
    line = render_element(element("e5", "select", name="Country", options=options))
    assert "{Choose one|United States=us*|Canada|New York}" in line


def test_placeholder_radio_value_and_accept_show_beside_the_name() -> None:
    phone = element("e1", "input", type="tel", name="Phone", attrs={"placeholder": "+1 555 0100"})
    assert render_element(phone) == '[e1]input:tel Phone placeholder="+1 555 0100"'
    unlabeled = element("e2", "input", name="Search", attrs={"placeholder": "Search"})
    assert "placeholder" not in render_element(unlabeled)  # the name already says it
    radio = element("e3", "input", type="radio", name="Express", attrs={"value": "2"})
    assert render_element(radio) == '[e3]radio Express value="2"'
    same = element("e4", "input", type="radio", name="Yes", attrs={"value": "yes"})
    box = element("e5", "input", type="checkbox", name="Agree", attrs={"value": "on"})
    assert "value=" not in render_element(same) + render_element(box)
    upload = element("e6", "input", type="file", name="CV", attrs={"accept": ".pdf,.docx"})
    assert render_element(upload) == '[e6]file CV accept=".pdf,.docx"'
    item = element("e7", "li", role="menuitem", name="Save", icon="disk")
    assert render_element(item) == '[e7]menuitem Save icon="disk"'


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
    text = f"Top\n{long_line.strip()}\nEnd"
    below = (text.index("word"), text.index("End") - 1)
    snap = PageSnapshot(
        url="http://x.test/",
        text=text,
        offscreen_text=[below],
        elements=[
            element("e1", "button", name="Visible", text_offset=3),
            element("e2", "button", name="Below", offscreen=True, text_offset=4),
            element("e3", "button", name="Back up", text_offset=len(text)),
        ],
    )
    lines = render_snapshot(snap).split("\n")
    assert lines.index(OFFSCREEN) == lines.index("[e2]button Below") - 1
    assert lines.index(ONSCREEN) == lines.index("End") - 1  # "End" is in view again
    assert lines.index("[e3]button Back up") == lines.index("End") + 1
    clipped = next(line for line in lines if line.startswith("word"))
    assert clipped.endswith("word\u2026")  # whole words only
    assert len(clipped) <= OFFSCREEN_LINE_CHARS
    full = render_snapshot(snap, offscreen_line_chars=None)
    assert long_line.strip() in full


def test_text_in_view_after_an_offscreen_element_is_not_in_the_offscreen_block() -> None:
    text = "Heading\nStill in view"
    snap = PageSnapshot(
        url="http://x.test/",
        text=text,
        elements=[element("e1", "button", name="Far right", offscreen=True, text_offset=7)],
    )
    lines = render_snapshot(snap).split("\n")
    assert lines[1:] == ["Heading", OFFSCREEN, "[e1]button Far right", ONSCREEN, "Still in view"]


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
