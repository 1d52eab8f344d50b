"""Render a PageSnapshot as the compact text a model reads.

Text and elements are interleaved in reading order; each element gets one line::

    [e12]input:email Email * ="ann@example.com" req
    [e13]select Country {United States=us*|Canada=ca|(+150 more)}
    [e14]input:tel Phone placeholder="+1 555 123 4567"
    [e15]link Pricing
    [e16]link Docs ->https://docs.example.com/
    [f1:e2]button Pay            (an element inside frame f1)

Names are unquoted (quotes cost tokens on every line); values are quoted. Links show
their href when it says something the name does not (another site, or no name), or always
with ``hrefs=True``. Lines after ``~offscreen`` lie outside the viewport (or a scrolled
container's view) until ``~onscreen``: each element by its own box, each run of text by
its own (``PageSnapshot.offscreen_text``). Long offscreen text lines are shortened (the
model can scroll to read them) unless ``offscreen_line_chars=None``, which extraction
wants. ``RENDER_LEGEND`` explains the notation in one line for prompts.
"""

from __future__ import annotations

import re

from stratus.domain.snapshot import ElementInfo, PageSnapshot, SelectOption

RENDER_LEGEND = (
    'Page format: text lines in reading order; lines [id]kind "name" =value [min..max] flags '
    "{options} ->href are elements (no =value: empty; a cut value or page text ends with "
    "(+N chars); flags: req required, disabled, checked, selected, pressed, expanded, current, "
    "active, readonly, multiple (a select keeping several options: each select_option adds "
    "one); placeholder=, value= (what a choice submits), accept= (file types), icon= (the "
    "icon shown beside the name; (icon x) in page text); "
    "options are text=value, * marks the selected one); table cells are separated by |; lines "
    "between ~offscreen and ~onscreen are outside the viewport (scroll to see them, or act by "
    "id). Act on elements by id."
)

MAX_NAME = 80
# field values are shown whole up to here (a text box's last word matters), then cut with
# a count of what was left out; FULL_MAX_VALUE for reading data off a page
MAX_VALUE = 1000
FULL_MAX_VALUE = 8000
# a select lists its options up to here (a country list is cut, and says by how many;
# the selected option is always shown)
MAX_OPTIONS = 100
MAX_OPTION_TEXT = 30
# An off-screen text line keeps its whole words up to 60 characters: a heading, a link's
# title or a table row's first cells fit whole, and a paragraph shows what it is about. The
# model reads off-screen text only to decide where to scroll or what to act on (by id); the
# full line is one scroll away, and extraction renders every line whole.
OFFSCREEN_LINE_CHARS = 60
OFFSCREEN = "~offscreen"
ONSCREEN = "~onscreen"

_INPUT_KINDS_AS_IS = {"checkbox", "radio", "file", "button", "submit", "reset", "image"}
_ROLE_KINDS = {"link", "button", "checkbox", "radio", "tab", "menuitem", "option", "switch"}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _quote(text: str, limit: int) -> str:
    return '"' + _clip(text.replace('"', "'"), limit) + '"'


def _clip_words(text: str, limit: int) -> str:
    """Whole words up to ``limit`` characters (a single longer word is cut), then an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space > 0:
        head = head[:space]
    return head.rstrip() + "\u2026"


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text.casefold()))


def _says_more(value: str | None, label: str) -> bool:
    """A value worth showing beside its label: not empty, not "on", not words of the label
    ("new-york" for New York, "SKU-1" for Select SKU-1), while "us" for United States is."""
    words = _words(value or "")
    return bool(words) and words != {"on"} and not words <= _words(label)


def _value(element: ElementInfo, limit: int) -> str:
    """The quoted value, whole up to ``limit``; when cut, how many characters were left out."""
    value = (element.value or "").replace('"', "'")
    total = max(element.value_length or 0, len(value))
    if total <= limit and len(value) == total:
        return f'"{value}"'
    shown = value[: limit - 1]
    return f'"{shown}\u2026"(+{total - len(shown)} chars)'


def element_kind(element: ElementInfo) -> str:
    """A short word for what the element is: link, button, input:email, select, ..."""
    tag, role, kind_type = element.tag, element.role, element.type
    if tag == "a":
        return "link"
    if tag == "input":
        if kind_type in {"submit", "reset", "image", "button"}:
            return "button"
        if kind_type in _INPUT_KINDS_AS_IS:
            return kind_type
        return "input" if kind_type in (None, "text") else f"input:{kind_type}"
    if tag in {"button", "select", "textarea"}:
        return tag
    if role and role not in {"generic", "presentation", "none"}:
        return role
    if tag == "summary":
        return "summary"
    return tag


def _option(option: SelectOption) -> str:
    text = _clip(option.text or option.value, MAX_OPTION_TEXT)
    if option.text and _says_more(option.value, option.text):
        text += "=" + _clip(option.value, MAX_OPTION_TEXT)
    return text + ("*" if option.selected else "")


def _options(element: ElementInfo) -> str:
    options = element.options or []
    if not options:
        return " {}"
    shown = options[:MAX_OPTIONS]
    selected = [o for o in options[MAX_OPTIONS:] if o.selected]
    texts = [_option(o) for o in [*shown, *selected]]
    hidden = len(options) - len(shown) - len(selected)
    if hidden > 0:
        texts.append(f"(+{hidden} more)")
    return " {" + "|".join(texts) + "}"


def _attributes(element: ElementInfo) -> str:
    """What the name does not say: a format hint, what a choice submits, accepted files."""
    attrs = element.attrs or {}
    parts = []
    placeholder = " ".join((attrs.get("placeholder") or "").split())
    if placeholder and _words(placeholder) != _words(element.name):
        parts.append(" placeholder=" + _quote(placeholder, MAX_NAME))
    if element.type in {"radio", "checkbox"} and _says_more(attrs.get("value"), element.name):
        parts.append(" value=" + _quote(attrs["value"], MAX_NAME))
    if element.type == "file" and attrs.get("accept"):
        parts.append(" accept=" + _quote(attrs["accept"], MAX_NAME))
    if element.icon:
        parts.append(" icon=" + _quote(element.icon, MAX_NAME))
    return "".join(parts)


def _show_href(element: ElementInfo) -> bool:
    href = element.href or ""
    if not href or href.startswith(("javascript:", "#")):
        return False
    return not element.name or not href.startswith("/")


def render_element(element: ElementInfo, *, hrefs: bool = False, max_value: int = MAX_VALUE) -> str:
    parts = [f"[{element.id}]{element_kind(element)}"]
    if element.name:
        parts.append(" " + _clip(" ".join(element.name.split()), MAX_NAME))
    if element.value and element.options is None:
        parts.append(" =" + _value(element, max_value))
    parts.append(_attributes(element))
    if element.min is not None or element.max is not None:
        parts.append(f" [{element.min or ''}..{element.max or ''}]")
    if element.checked:
        parts.append(" checked")
    for state in element.states or []:
        parts.append(" " + state)
    if element.required:
        parts.append(" req")
    if element.disabled:
        parts.append(" disabled")
    if element.options is not None:
        parts.append(_options(element))
    if element.href and (_show_href(element) or (hrefs and not element.href.startswith("#"))):
        parts.append(" ->" + _clip(element.href, 80))
    return "".join(parts)


def _text_lines(chunk: str, clip_at: int | None) -> list[str]:
    lines = [line.strip() for line in chunk.split("\n") if line.strip()]
    if clip_at is None:
        return lines
    return [_clip_words(line, clip_at) for line in lines]


def _pieces(start: int, end: int, spans: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """[start, end) split where the text goes out of view or comes back: (from, to, offscreen)."""
    inside = [(max(a, start), min(b, end)) for a, b in spans if a < end and b > start]
    pieces = []
    cursor = start
    for a, b in inside:
        if a > cursor:
            pieces.append((cursor, a, False))
        pieces.append((a, b, True))
        cursor = b
    if cursor < end:
        pieces.append((cursor, end, False))
    return pieces


def render_snapshot(
    snapshot: PageSnapshot,
    *,
    hrefs: bool = False,
    offscreen_line_chars: int | None = OFFSCREEN_LINE_CHARS,
    max_value: int = MAX_VALUE,
) -> str:
    url = snapshot.url.removeprefix("https://").removeprefix("http://")
    header = url if not snapshot.title else f"{snapshot.title} | {url}"
    lines = [header]
    if snapshot.unread_frames:
        lines.append(f"(frames not read: {'; '.join(snapshot.unread_frames)})")
    text = snapshot.text
    spans = sorted(snapshot.offscreen_text)
    offscreen = False

    def place(out_of_view: bool) -> None:
        nonlocal offscreen
        if out_of_view != offscreen:
            offscreen = out_of_view
            lines.append(OFFSCREEN if offscreen else ONSCREEN)

    def add_text(start: int, end: int) -> None:
        for a, b, out_of_view in _pieces(start, end, spans):
            chunk = _text_lines(text[a:b], offscreen_line_chars if out_of_view else None)
            if chunk:
                place(out_of_view)
                lines.extend(chunk)

    ordered = sorted(
        enumerate(snapshot.elements),
        key=lambda pair: (
            pair[1].text_offset if pair[1].text_offset is not None else len(text),
            pair[0],
        ),
    )
    cursor = 0
    for _, element in ordered:
        at = element.text_offset if element.text_offset is not None else len(text)
        at = max(cursor, min(at, len(text)))
        add_text(cursor, at)
        cursor = at
        place(element.offscreen)
        lines.append(render_element(element, hrefs=hrefs, max_value=max_value))
    add_text(cursor, len(text))
    return "\n".join(lines)
