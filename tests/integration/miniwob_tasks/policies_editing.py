"""Policies for text editing, a terminal, a game, dragging and reading results."""

from __future__ import annotations

import colorsys
import re
from typing import Any

from tests.fakes.llm import act
from tests.integration.miniwob_tasks.oracle import (
    NotSolvable,
    TaskView,
    click,
    finish,
    key,
    ordinal,
    quoted,
    type_into,
    value_of,
)
from tests.integration.miniwob_tasks.policies_forms import TEXT_KINDS
from tests.integration.miniwob_tasks.policies_widgets import clicked_names

_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4}
_LINES = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6)]


def text_editor(view: TaskView) -> dict[str, Any]:
    """'Using the text editor, give the text ut. the style bold and press Submit.' (or
    'give everything the style italics'). Select with the keyboard, then press the style."""
    found = re.search(r"give (?:the text (.+)|everything) the style (\w+)", view.instruction)
    if found is None:
        raise NotSolvable(view.instruction)
    text, style = found.group(1), found.group(2)
    editor = next((e for e in view.elements if value_of(e) and (text or "") in value_of(e)), None)
    button = next((e for e in view.of_kind("button") if style.startswith(e.name.split()[-1])), None)
    if editor is None or button is None:
        raise NotSolvable(f"no editor holding {text!r} or no button for {style!r}")
    value = value_of(editor) or ""
    select = _select_keys(editor.id, value, text) if text else [key("Control+a", editor.id)]
    return finish(click(editor.id), *select, click(button.id), click(view.button("Submit")))


def _select_keys(editor_id: str, value: str, text: str) -> list[dict[str, Any]]:
    """Arrow keys that select ``text`` in ``value``, walked from the nearer end."""
    start = value.index(text)
    after = len(value) - start - len(text)
    if start <= after:
        return [
            key("Control+Home", editor_id),
            *(key("ArrowRight", editor_id) for _ in range(start)),
            *(key("Shift+ArrowRight", editor_id) for _ in range(len(text))),
        ]
    return [
        key("Control+End", editor_id),
        *(key("ArrowLeft", editor_id) for _ in range(after)),
        *(key("Shift+ArrowLeft", editor_id) for _ in range(len(text))),
    ]


def highlight_text(view: TaskView) -> dict[str, Any]:
    """'Highlight the text in the paragraph below and click submit.' The paragraph is the
    page text under the instruction (its lines that are no element), above the episode's
    counters."""
    element_lines = {e.line.strip() for e in view.elements}
    paragraph = []
    for line in view.lines[2:]:
        if line.startswith("Last reward:"):
            break
        if line not in element_lines:
            paragraph.append(line)
    if not paragraph:
        raise NotSolvable("no paragraph under the instruction")
    return finish(
        {"action_type": "select_text", "text": " ".join(paragraph)},
        click(view.button("Submit")),
    )


def terminal(view: TaskView) -> dict[str, Any]:
    """'Use the terminal below to delete a file ending with the extension .html' (or 'a file
    that has no file extension'): list the files with ls, then rm the one it shows."""
    found = re.search(r"extension (\.\S+)|(no file extension)", view.instruction)
    if found is None:
        raise NotSolvable(view.instruction)
    screen = view.elements[0] if view.elements else None
    if screen is None:
        raise NotSolvable("no terminal on the page")
    listing = re.search(r"\$ ls\n(.*)\n", view.page)
    if listing is None:
        return act(click(screen.id), *_typed("ls"))
    names = listing.group(1).split()
    if found.group(1):
        files = [f for f in names if f.endswith(found.group(1))]
    else:
        files = [f for f in names if "." not in f]
    if not files:
        raise NotSolvable(f"ls shows no file to delete: {names}")
    return finish(click(screen.id), *_typed(f"rm {files[0]}"))


def _typed(command: str) -> list[dict[str, Any]]:
    return [key("Space" if c == " " else c) for c in command] + [key("Enter")]


def tic_tac_toe(view: TaskView) -> dict[str, Any]:
    """Playing as X, win a game of tic-tac-toe: win when one move wins, else block, else
    take the centre, a corner, any cell. The marks are read from the cells' lines."""
    cells = [e for e in view.elements if re.search(r"\bttt\b", e.line)]
    if len(cells) != 9:
        raise NotSolvable(f"{len(cells)} board cells on the page")
    board = [_mark(e.line) for e in cells]
    if "X" not in board and "ttt" in " ".join(clicked_names(view)):
        raise NotSolvable("the board shows no marks after a move: cell state is not in the text")
    move = _best_move(board)
    return act(click(cells[move].id))


def _mark(line: str) -> str:
    if re.search(r"mark[ -]x|\bX\b|image x\b", line):
        return "X"
    if re.search(r"mark[ -]o|\bO\b|image o\b", line):
        return "O"
    return ""


def _best_move(board: list[str]) -> int:
    for player in ("X", "O"):  # win, then block
        for line in _LINES:
            marks = [board[i] for i in line]
            if marks.count(player) == 2 and marks.count("") == 1:
                return line[marks.index("")]
    for cell in (4, 0, 2, 6, 8, 1, 3, 5, 7):
        if board[cell] == "":
            return cell
    raise NotSolvable("the board is full")


def drag_box(view: TaskView) -> dict[str, Any]:
    """'Drag the smaller box so that it is completely inside the larger box.' The boxes
    read 's' and 'L'."""
    small = view.named("s")
    large = view.named("L")
    if small is None or large is None or small.name != "s" or large.name != "L":
        raise NotSolvable("the boxes are not named by their size")
    return finish(
        {"action_type": "drag", "element_id": small.id, "target_id": large.id},
        click(view.button("Submit")),
    )


def drag_items(view: TaskView) -> dict[str, Any]:
    """'Drag Madelene to the 3rd position.' or 'Drag Heddi down by one position.'"""
    to = re.search(r"Drag (.+) to the (\w+) position", view.instruction)
    by = re.search(r"Drag (.+) (up|down) by (\w+) positions?", view.instruction)
    if to is None and by is None:
        raise NotSolvable(view.instruction)
    items = view.of_kind("li", "listitem")
    name = (to or by).group(1)  # type: ignore[union-attr]
    moving = next((e for e in items if e.name == name), None)
    if moving is None:
        raise NotSolvable(f"no item {name!r}")
    if to is not None:
        index = ordinal(to.group(2)) - 1
    else:
        steps = _NUMBERS.get(by.group(3), 0) or int(by.group(3))  # type: ignore[union-attr]
        index = items.index(moving) + (steps if by.group(2) == "down" else -steps)  # type: ignore[union-attr]
    if not 0 <= index < len(items):
        raise NotSolvable(f"position {index + 1} is outside the list")
    return finish({"action_type": "drag", "element_id": moving.id, "target_id": items[index].id})


# the hue of each basic colour name, in degrees
_HUES = {"red": 0, "orange": 30, "yellow": 60, "green": 120, "cyan": 180, "blue": 240}
_HUES |= {"purple": 270, "magenta": 300, "pink": 330}


def _colour_family(hex_colour: str) -> str:
    """The basic colour whose hue is nearest the colour's ('#e34c26' is a red)."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue = colorsys.rgb_to_hsv(red, green, blue)[0] * 360
    return min(_HUES, key=lambda name: min(abs(hue - _HUES[name]), 360 - abs(hue - _HUES[name])))


def click_shades(view: TaskView) -> dict[str, Any]:
    """'Select all the shades of red and press Submit.' The shades are named by their
    colour ('colour #e34c26')."""
    found = re.search(r"shades of (\w+)", view.instruction)
    colour = found.group(1).casefold() if found else ""
    swatches = [(e, re.search(r"colour #([0-9a-f]{6})", e.name)) for e in view.elements]
    shades = [e for e, m in swatches if m and _colour_family(m.group(1)) == colour]
    if not shades:
        raise NotSolvable(f"no element says it is a shade of {colour!r}")
    return finish(*(click(e.id) for e in shades), click(view.button("Submit")))


def scroll_text(view: TaskView) -> dict[str, Any]:
    """'Find the last word in the text area, enter it into the text field and hit Submit.'"""
    area = view.of_kind("textarea")[0]
    words = (value_of(area) or "").split()
    if not words:
        raise NotSolvable("the text area shows no value")
    field = view.of_kind(*TEXT_KINDS)[-1]
    return finish(type_into(field.id, words[-1].strip(".,;:!?")), click(view.button("Submit")))


def use_spinner(view: TaskView) -> dict[str, Any]:
    """'Select -10 with the spinner and hit Submit.' Type the number, check that the field
    shows it; when it kept another value, step it there with the arrow keys."""
    found = re.search(r"Select (-?\d+)", view.instruction)
    if found is None:
        raise NotSolvable(view.instruction)
    wanted = int(found.group(1))
    field = view.of_kind(*TEXT_KINDS)[0]
    if "input_text" not in view.history:
        return act(type_into(field.id, str(wanted)))
    shown = value_of(field) or ""
    if not re.fullmatch(r"-?\d+", shown):
        raise NotSolvable(f"the spinner shows no number: {field.line}")
    steps = wanted - int(shown)
    arrow = "ArrowUp" if steps > 0 else "ArrowDown"
    return finish(*(key(arrow, field.id) for _ in range(abs(steps))), click(view.button("Submit")))


def search_engine(view: TaskView) -> dict[str, Any]:
    """'... enter "Lyda" and press "Search", then find and click the 5th search result.'
    Results come a page at a time; the pager's links are numbers."""
    query = quoted(view.instruction)[0]
    wanted = ordinal(re.search(r"click the (\w+) search result", view.instruction).group(1))  # type: ignore[union-attr]
    links = view.of_kind("link")
    pager = [e for e in links if re.fullmatch(r"\d+|[<>]", e.name)]
    results = [e for e in links if e not in pager]
    if not results:
        return act(type_into(view.of_kind(*TEXT_KINDS)[0].id, query), click(view.button("Search")))
    pages = [int(n) for n in re.findall(r'click \S+ "(\d+)"', view.history)]
    current = pages[-1] if pages else 1
    per_page = len(results) if current == 1 else 3
    page = (wanted - 1) // per_page + 1
    if page == current:
        return finish(click(results[(wanted - 1) % per_page].id))
    link = next((e for e in pager if e.name == str(page)), None)
    if link is None:
        raise NotSolvable(f"no pager link to page {page}")
    return act(click(link.id))
