"""Take a page snapshot: interactive elements with stable ids, and visible text.

The snapshot function (``snapshot.js``) runs in every frame (same- and cross-origin,
through Playwright's frames) and returns that frame's elements and text; here the frames
are merged into one ``PageSnapshot``. Element ids are ``e<n>`` in the main frame and
``<frame path>:e<n>`` in frames, where ``<n>`` is kept on the element itself (``data-sid``
plus a WeakMap), so the same element keeps its id across snapshots of one page. Each
element's ``text_offset`` says where it sits in ``text``, so renderers can interleave
elements with the text.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stratus.domain.error_text import first_line
from stratus.domain.snapshot import ElementInfo, PageSnapshot, SelectOption

# The in-page function (``snapshot.js``): a script whose value is ``(opts) => JSON string``.
SNAPSHOT_JS = (Path(__file__).parent / "snapshot.js").read_text(encoding="utf-8")

_ASSIGN_FRAME_NUMBER = """el => {
  const s = window.__stratusSnap ||
    (window.__stratusSnap = { seq: 0, ids: new WeakMap(), frameSeq: 0 });
  if (!el.dataset.sfr) el.dataset.sfr = String(++s.frameSeq);
  return el.dataset.sfr;
}"""

_frame_paths: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


async def frame_path(frame: Any) -> str | None:
    """The frame's path ("f1", "f1>f2"); "" for a main frame; None when it is detached."""
    parent = frame.parent_frame
    if parent is None:
        return ""
    known = _frame_paths.get(frame)
    if known is not None:
        return known
    parent_path = await frame_path(parent)
    if parent_path is None:
        return None
    try:
        handle = await frame.frame_element()
        number = await handle.evaluate(_ASSIGN_FRAME_NUMBER)
    except Exception:  # detached meanwhile: the frame is no longer on the page
        return None
    path = f"{parent_path}>f{number}" if parent_path else f"f{number}"
    _frame_paths[frame] = path
    return path


def element_id(path: str, number: int) -> str:
    return f"{path}:e{number}" if path else f"e{number}"


def split_element_id(element_id: str) -> tuple[str, int] | None:
    """(frame path, number) of an element id, or None when it is not one of ours."""
    path, _, local = element_id.rpartition(":")
    if not local.startswith("e") or not local[1:].isdigit():
        return None
    return path, int(local[1:])


@dataclass
class _FrameResult:
    path: str
    raw: dict[str, Any]
    children: list[_FrameResult] = field(default_factory=list)


async def _evaluate(frame: Any, max_text_chars: int) -> dict[str, Any] | str:
    """The frame's content, or why it could not be read."""
    try:
        raw = await frame.evaluate(SNAPSHOT_JS, {"maxTextChars": max_text_chars})
    except Exception as error:  # detached, navigating, or a frame that refuses scripts
        return first_line(error)
    return json.loads(raw) if isinstance(raw, str) else "its content could not be read"


def _unread(frame: Any, why: str) -> str:
    return f"{getattr(frame, 'url', '') or 'a frame'}: {why}"


def _text_or_none(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _element(raw: dict[str, Any], path: str, offset: int) -> ElementInfo:
    options = raw.get("options")
    return ElementInfo(
        id=element_id(path, raw["n"]),
        tag=raw["tag"],
        role=raw.get("role") or None,
        type=raw.get("type") or None,
        name=raw.get("name") or "",
        value=raw.get("value"),
        value_length=raw.get("valueLength"),
        min=_text_or_none(raw.get("min")),
        max=_text_or_none(raw.get("max")),
        checked=raw.get("checked"),
        states=raw.get("states") or None,
        disabled=bool(raw.get("disabled")),
        required=bool(raw.get("required")),
        options=[SelectOption(**o) for o in options] if options is not None else None,
        href=raw.get("href"),
        offscreen=bool(raw.get("offscreen")),
        frame=path or None,
        group=raw.get("group") or None,
        icon=raw.get("icon") or None,
        attrs=raw.get("attrs") or {},
        text_offset=offset,
    )


Span = tuple[int, int]
Cut = tuple[int, int, int]  # a cut marker's place in the text (start, end) and what it counts


def cut_marker(chars: int) -> str:
    """The line that says how much page text was left out past the budget."""
    return f"\u2026 (+{chars} chars)"


def _own_text(raw: dict[str, Any]) -> tuple[str, list[Span], list[Cut], int]:
    """The frame's text (with the cut marker when its budget ran out), its offscreen spans,
    the marker, and the length its elements' offsets were measured against."""
    text: str = raw.get("text", "")
    measured = len(text)
    spans = [
        (int(a), min(int(b), measured))
        for a, b in raw.get("offscreenText", [])
        if int(a) < min(int(b), measured)
    ]
    cut = int(raw.get("cut") or 0)
    if cut <= 0:
        return text, spans, [], measured
    text = f"{text}\n{cut_marker(cut)}" if text else cut_marker(cut)
    return text, spans, [(measured, len(text), cut)], measured


def _merge(node: _FrameResult) -> tuple[str, list[ElementInfo], list[Span], list[Cut]]:
    """The frame's text with its child frames' text spliced in where their iframes sit."""
    text, own_spans, cuts, measured = _own_text(node.raw)
    positions = {str(f["sfr"]): int(f["offset"]) for f in node.raw.get("iframes", [])}
    inserts: list[tuple[int, str, list[ElementInfo], list[Span], list[Cut]]] = []
    for child in node.children:
        number = child.path.rsplit(">", 1)[-1].removeprefix("f")
        at = min(positions.get(number, measured), measured)
        inserts.append((at, *_merge(child)))
    inserts.sort(key=lambda item: item[0])

    def own_offset(raw_offset: Any) -> int:
        at = min(int(raw_offset or 0), measured)
        return len(text) if at == measured else at  # after the text: after the cut marker too

    own = [(own_offset(e.get("offset")), e) for e in node.raw.get("elements", [])]
    out_text: list[str] = []
    out_elements: list[ElementInfo] = []
    spans: list[Span] = []
    shifts: list[tuple[int, int]] = []  # (own position, characters inserted there)
    cursor = 0  # position in the frame's own text
    shift = 0  # characters inserted so far
    pending = iter(own)
    current = next(pending, None)

    def take_until(limit: int, inclusive: bool) -> None:
        nonlocal current
        while current is not None and (current[0] < limit or (inclusive and current[0] == limit)):
            out_elements.append(_element(current[1], node.path, current[0] + shift))
            current = next(pending, None)

    for at, child_text, child_elements, child_spans, child_cuts in inserts:
        take_until(at, inclusive=True)
        out_text.append(text[cursor:at])
        cursor = at
        block = f"\n{child_text}\n" if child_text else "\n"
        base = at + shift + 1
        for element in child_elements:
            offset = (element.text_offset or 0) + base
            out_elements.append(element.model_copy(update={"text_offset": offset}))
        spans += [(a + base, b + base) for a, b in child_spans]
        cuts += [(a + base, b + base, n) for a, b, n in child_cuts]
        out_text.append(block)
        shifts.append((at, len(block)))
        shift += len(block)
    take_until(len(text) + 1, inclusive=True)
    out_text.append(text[cursor:])
    spans += _shift_spans(own_spans, shifts)
    # the frame's own marker ends its own text: every child frame's text came before it
    cuts = [(a + shift, b + shift, n) if a >= measured else (a, b, n) for a, b, n in cuts]
    return "".join(out_text), out_elements, sorted(spans), sorted(cuts)


def _shift_spans(spans: list[Span], shifts: list[tuple[int, int]]) -> list[Span]:
    """Own-text spans moved past the child frames' text inserted before them; a span that an
    insertion falls inside is split around it (the child frame's text has its own spans)."""
    out: list[Span] = []
    for start, end in spans:
        cuts = [at for at, _ in shifts if start < at < end]
        for a, b in zip([start, *cuts], [*cuts, end], strict=True):
            before_a = sum(n for at, n in shifts if at <= a)
            before_b = sum(n for at, n in shifts if at < b)
            out.append((a + before_a, b + before_b))
    return out


def _cut(
    text: str, spans: list[Span], cuts: list[Cut], limit: int, elements: list[ElementInfo]
) -> tuple[str, list[Span]]:
    """The merged frames' text cut at ``limit`` with one marker counting all that is left out
    (the frames' own markers past the cut count what they stood for)."""
    at = limit
    for a, b, _ in cuts:
        if a < at < b:
            at = a  # never half a marker
    kept = text[:at].rstrip()
    past = [(a, b, n) for a, b, n in cuts if a >= len(kept)]
    left_out = len(text) - len(kept) - sum(b - a for a, b, _ in past) + sum(n for *_, n in past)
    text_out = f"{kept}\n{cut_marker(left_out)}"
    end = len(kept)
    for element in elements:
        if element.text_offset is not None and element.text_offset > end:
            element.text_offset = len(text_out)
    return text_out, [(a, min(b, end)) for a, b in spans if a < end]


async def take_snapshot(page: Any, *, max_text_chars: int = 6000) -> PageSnapshot:
    frames = list(page.frames)
    raws = await asyncio.gather(*(_evaluate(frame, max_text_chars) for frame in frames))
    if raws and isinstance(raws[0], str) and frames[0] is page.main_frame:
        # the main frame was navigating: give the new document a moment, then read it again
        with contextlib.suppress(Exception):  # still loading: read what is there
            await page.wait_for_load_state("domcontentloaded", timeout=3000)
        frames = list(page.frames)
        raws = await asyncio.gather(*(_evaluate(frame, max_text_chars) for frame in frames))
    paths = await asyncio.gather(*(frame_path(frame) for frame in frames))

    main = page.main_frame
    nodes: dict[Any, _FrameResult] = {}
    unread: list[str] = []
    for frame, raw, path in zip(frames, raws, paths, strict=True):
        if path is None:  # detached since: no longer on the page
            continue
        if isinstance(raw, str):
            unread.append(_unread(frame, raw))
        else:
            nodes[frame] = _FrameResult(path=path, raw=raw)
    for frame, node in nodes.items():
        parent = frame.parent_frame
        if parent is None:
            continue
        if parent in nodes:
            nodes[parent].children.append(node)
        else:
            unread.append(_unread(frame, "inside a frame that could not be read"))

    root = nodes.get(main)
    if root is None:
        return PageSnapshot(url=page.url, title="", unread_frames=unread)
    text, elements, spans, cuts = _merge(root)
    marked = sum(b - a for a, b, _ in cuts)
    if len(text) - marked > max_text_chars:
        text, spans = _cut(text, spans, cuts, max_text_chars, elements)
    return PageSnapshot(
        url=root.raw.get("url") or page.url,
        title=root.raw.get("title", ""),
        elements=elements,
        text=text,
        offscreen_text=spans,
        unread_frames=unread,
    )
