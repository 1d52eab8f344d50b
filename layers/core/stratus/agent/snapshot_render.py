"""Render a PageSnapshot as the compact text a model reads.

Text and elements are interleaved in reading order; each element gets one line::

    [e12]input:email Email * ="ann@example.com" req
    [e13]select Country {United States*|Canada|+5}
    [e14]link Pricing
    [e15]link Docs ->https://docs.example.com/
    [f1:e2]button Pay            (an element inside frame f1)

Names are unquoted (quotes cost tokens on every line); values are quoted. Links show
their href when it says something the name does not (another site, or no name), or always
with ``hrefs=True``. Lines after ``~offscreen`` lie outside the viewport (or a scrolled
container's view) until ``~onscreen``; long offscreen text lines are clipped (the model
can scroll to read them) unless ``offscreen_line_chars=None``, which extraction wants.
``RENDER_LEGEND`` explains the notation in one line for prompts.
"""

from __future__ import annotations

from stratus.domain.snapshot import ElementInfo, PageSnapshot

RENDER_LEGEND = (
    'Page format: text lines in reading order; lines [id]kind "name" =value [min..max] flags '
    "{options} ->href are elements (no =value: empty; a cut value ends with (+N chars); flags: "
    "req required, disabled, checked, selected, pressed, expanded, current, active, readonly; "
    "* marks the selected option); lines between ~offscreen and ~onscreen are outside the "
    "viewport (scroll to see them, or act by id). Act on elements by id."
)

MAX_NAME = 80
# field values are shown whole up to here (a text box's last word matters), then cut with
# a count of what was left out; FULL_MAX_VALUE for reading data off a page
MAX_VALUE = 1000
FULL_MAX_VALUE = 8000
MAX_OPTIONS = 12
MAX_OPTION_TEXT = 30
OFFSCREEN_LINE_CHARS = 48
OFFSCREEN = "~offscreen"
ONSCREEN = "~onscreen"

_INPUT_KINDS_AS_IS = {"checkbox", "radio", "file", "button", "submit", "reset", "image"}
_ROLE_KINDS = {"link", "button", "checkbox", "radio", "tab", "menuitem", "option", "switch"}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _quote(text: str, limit: int) -> str:
    return '"' + _clip(text.replace('"', "'"), limit) + '"'


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


def _options(element: ElementInfo) -> str:
    options = element.options or []
    if not options:
        return " {}"
    shown = options[:MAX_OPTIONS]
    selected = [o for o in options[MAX_OPTIONS:] if o.selected]
    texts = [_clip(o.text or o.value, MAX_OPTION_TEXT) + ("*" if o.selected else "") for o in shown]
    texts += [_clip(o.text or o.value, MAX_OPTION_TEXT) + "*" for o in selected]
    hidden = len(options) - len(shown) - len(selected)
    if hidden > 0:
        texts.append(f"+{hidden}")
    return " {" + "|".join(texts) + "}"


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
    return [_clip(line, clip_at) for line in lines]


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
    ordered = sorted(
        enumerate(snapshot.elements),
        key=lambda pair: (
            pair[1].text_offset if pair[1].text_offset is not None else len(text),
            pair[0],
        ),
    )
    cursor = 0
    offscreen = False
    for _, element in ordered:
        at = element.text_offset if element.text_offset is not None else len(text)
        at = max(cursor, min(at, len(text)))
        lines.extend(_text_lines(text[cursor:at], offscreen_line_chars if offscreen else None))
        cursor = at
        if element.offscreen != offscreen:
            offscreen = element.offscreen
            lines.append(OFFSCREEN if offscreen else ONSCREEN)
        lines.append(render_element(element, hrefs=hrefs, max_value=max_value))
    lines.extend(_text_lines(text[cursor:], offscreen_line_chars if offscreen else None))
    return "\n".join(lines)
