"""Take a page snapshot: interactive elements with stable ids, and visible text.

The snapshot function (``snapshot_js/``) runs in every frame (same- and cross-origin,
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

# The in-page function, kept as ordered fragments of one function body (state and text
# stream, names and interactivity, the walk) so no file grows past a readable size.
# Evaluated as ``(opts) => result``; state that must survive between snapshots (the id
# counter, element -> id map) lives on window.__stratusSnap.
_FRAGMENTS = sorted((Path(__file__).parent / "snapshot_js").glob("*.js"))
SNAPSHOT_JS = "(opts) => {\n" + "\n".join(f.read_text(encoding="utf-8") for f in _FRAGMENTS) + "\n}"

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
        attrs=raw.get("attrs") or {},
        text_offset=offset,
    )


def _merge(node: _FrameResult) -> tuple[str, list[ElementInfo]]:
    """The frame's text with its child frames' text spliced in where their iframes sit."""
    text: str = node.raw.get("text", "")
    positions = {str(f["sfr"]): int(f["offset"]) for f in node.raw.get("iframes", [])}
    inserts: list[tuple[int, str, list[ElementInfo]]] = []
    for child in node.children:
        number = child.path.rsplit(">", 1)[-1].removeprefix("f")
        at = min(positions.get(number, len(text)), len(text))
        child_text, child_elements = _merge(child)
        inserts.append((at, child_text, child_elements))
    inserts.sort(key=lambda item: item[0])

    own = [(min(int(e.get("offset", 0)), len(text)), e) for e in node.raw.get("elements", [])]
    out_text: list[str] = []
    out_elements: list[ElementInfo] = []
    cursor = 0  # position in the frame's own text
    shift = 0  # characters inserted so far
    pending = iter(own)
    current = next(pending, None)

    def take_until(limit: int, inclusive: bool) -> None:
        nonlocal current
        while current is not None and (current[0] < limit or (inclusive and current[0] == limit)):
            out_elements.append(_element(current[1], node.path, current[0] + shift))
            current = next(pending, None)

    for at, child_text, child_elements in inserts:
        take_until(at, inclusive=True)
        out_text.append(text[cursor:at])
        cursor = at
        block = f"\n{child_text}\n" if child_text else "\n"
        base = at + shift + 1
        for element in child_elements:
            offset = (element.text_offset or 0) + base
            out_elements.append(element.model_copy(update={"text_offset": offset}))
        out_text.append(block)
        shift += len(block)
    take_until(len(text) + 1, inclusive=True)
    out_text.append(text[cursor:])
    return "".join(out_text), out_elements


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
    text, elements = _merge(root)
    if len(text) > max_text_chars:
        text = text[:max_text_chars].rstrip() + "\u2026"
    limit = len(text)
    for element in elements:
        if element.text_offset is not None and element.text_offset > limit:
            element.text_offset = limit
    return PageSnapshot(
        url=root.raw.get("url") or page.url,
        title=root.raw.get("title", ""),
        elements=elements,
        text=text,
        unread_frames=unread,
    )
