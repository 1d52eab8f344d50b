"""Policies for menus, suggestions, accordions, tabs, trees, calendars and lists."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

from tests.fakes.llm import Element, act
from tests.integration.miniwob_tasks.oracle import (
    NotSolvable,
    TaskView,
    click,
    finish,
    quoted,
    type_into,
)
from tests.integration.miniwob_tasks.policies_forms import TEXT_KINDS

_MONTHS = list(calendar.month_name)[1:]


def clicked_names(view: TaskView) -> set[str]:
    """Names of the elements clicked in earlier steps, read from PREVIOUS ACTIONS."""
    return set(re.findall(r'click \S+ "([^"]*)"', view.history))


def click_menu(view: TaskView) -> dict[str, Any]:
    """'Select Cora>Evvy': hover each entry of the path until the last one shows."""
    path = view.instruction.removeprefix("Select ").split(">")
    for depth in range(len(path) - 1, -1, -1):
        shown = view.named(path[depth].strip(), "menuitem")
        if shown is None:
            continue
        if depth == len(path) - 1:
            return finish(click(shown.id))
        return act({"action_type": "hover", "element_id": shown.id})
    raise NotSolvable(f"no entry of {path} on the page")


def click_menu_2(view: TaskView) -> dict[str, Any]:
    """Open the menu, then click the item with the label (or icon) the instruction names: an
    icon reads '(icon stop)' in the text, and an item shows its own as icon="stop"."""
    labels = quoted(view.instruction)
    icon = re.search(r"\(icon ([^)]+)\)", view.instruction)
    if len(labels) > 1:
        item = view.named(labels[1], "menuitem")
    elif icon is not None:
        shown = f'icon="{icon.group(1)}"'
        item = next((e for e in view.of_kind("menuitem") if shown in e.line), None)
    else:
        raise NotSolvable(f"the instruction names no item: {view.instruction!r}")
    if item is None:
        return act(click(view.button(labels[0])))
    return finish(click(item.id))


def social_media(view: TaskView) -> dict[str, Any]:
    """'For the user @quis, click on the "Embed Tweet" button.'"""
    user = re.search(r"@\w+", view.instruction)
    if user is None:
        raise NotSolvable(view.instruction)
    wanted = quoted(view.instruction)[0]
    item = view.named(wanted, "menuitem", "li", "span", "link", "button")
    if item is not None and "more" in clicked_names(view):
        return finish(click(item.id))
    controls = controls_under(view, rf"{user.group()}\b")
    direct = next((e for e in controls if e.name.casefold() == wanted.casefold()), None)
    if direct is not None:
        return finish(click(direct.id))
    more = next((e for e in controls if e.name == "more"), None)
    if more is None:
        raise NotSolvable(f"no {wanted!r} nor a 'more' menu under {user.group()}")
    return act(click(more.id))


def controls_under(view: TaskView, heading: str) -> list[Element]:
    """The elements listed after the author line (a text line with an @handle) matching
    ``heading``, up to the next author line: the controls of one post."""
    by_id = {e.id: e for e in view.elements}
    found: list[Element] = []
    inside = False
    for line in view.lines:
        element = re.match(r"\[([^\]]+)\]", line)
        if element is None:
            if re.search(r"@\w+", line):
                inside = re.search(heading, line) is not None
            continue
        if inside and element.group(1) in by_id:
            found.append(by_id[element.group(1)])
    return found


def use_autocomplete(view: TaskView) -> dict[str, Any]:
    """'Enter an item that starts with "Afgh" (and ends with "tan").'"""
    parts = quoted(view.instruction)
    start, end = parts[0], parts[1] if len(parts) > 1 else ""
    field = view.of_kind(*TEXT_KINDS)[0]
    suggestions = [
        e
        for e in view.elements
        if e.id != field.id and e.name.startswith(start) and e.name.endswith(end)
    ]
    if suggestions:
        return finish(click(suggestions[0].id), click(view.button("Submit")))
    if start not in view.history:
        return act(type_into(field.id, start))
    if "wait" not in view.history:  # suggestions come after a short delay
        return act({"action_type": "wait", "seconds": 1})
    raise NotSolvable(f"no suggestion starting with {start!r} and ending with {end!r}")


def find_behind_tabs(view: TaskView) -> dict[str, Any]:
    """'... to find and click on the link "consequat".' Open tabs or sections in turn."""
    wanted = quoted(view.instruction)[-1]
    target = next((e for e in view.elements if e.name == wanted), None)
    if target is not None:
        return finish(click(target.id))
    opened = clicked_names(view)
    for tab in view.of_kind("tab"):
        if tab.name not in opened and "expanded" not in tab.line and "selected" not in tab.line:
            return act(click(tab.id))
    raise NotSolvable(f"{wanted!r} is behind none of the tabs")


def navigate_tree(view: TaskView) -> dict[str, Any]:
    """'Find and click on the folder or file named "Ashlea".' Expand folders until it shows."""
    wanted = quoted(view.instruction)[-1]
    named = [e for e in view.elements if e.name == wanted]
    if named:
        # a folder is listed as its item and its label; the label is what takes the click
        return finish(click(next((e for e in named if e.kind == "span"), named[0]).id))
    closed = [e for e in view.elements if "expandable" in e.name or "collapsed" in e.line]
    if not closed:
        raise NotSolvable(f"{wanted!r} is in no folder")
    return act(*(click(e.id) for e in closed))


def choose_date(view: TaskView) -> dict[str, Any]:
    """'Select 01/01/2016 as the date and hit submit.' Page the calendar to the month."""
    found = re.search(r"(\d\d)/(\d\d)/(\d{4})", view.instruction)
    if found is None:
        raise NotSolvable(view.instruction)
    wanted = date(int(found.group(3)), int(found.group(1)), int(found.group(2)))
    shown = re.search(rf"({'|'.join(_MONTHS)})\s+(\d{{4}})", view.page)
    if shown is None:
        return act(click(view.of_kind(*TEXT_KINDS)[0].id))
    months = (wanted.year - int(shown.group(2))) * 12 + wanted.month - 1
    months -= _MONTHS.index(shown.group(1))
    if months:
        pager = view.named("Next" if months > 0 else "Prev")
        if pager is None:
            raise NotSolvable("the calendar shows no Prev/Next")
        return act(*(click(pager.id) for _ in range(abs(months))))
    day = view.named(str(wanted.day), "link")
    if day is None or day.name != str(wanted.day):
        raise NotSolvable(f"no day {wanted.day} in the calendar")
    return finish(click(day.id), click(view.button("Submit")))


def click_pie(view: TaskView) -> dict[str, Any]:
    """'Expand the pie menu below and click on the item labeled "h".' The "+" in its
    middle expands it."""
    wanted = quoted(view.instruction)[-1]
    item = next((e for e in view.elements if e.name == wanted), None)
    if item is None:
        raise NotSolvable(f"no pie item labeled {wanted!r}")
    clicked = clicked_names(view)
    spreader = next((e for e in view.elements if e.name == "+"), None)
    if spreader is not None and "+" not in clicked:
        return act(click(spreader.id))
    if wanted in clicked:
        raise NotSolvable(f"the click on {wanted!r} landed but the menu did not take it")
    return finish(click(item.id))


def choose_list(view: TaskView) -> dict[str, Any]:
    """'Select Audrye from the list and click Submit.' ('A, B from the scroll list': each)"""
    found = re.match(r"Select (.*) from the", view.instruction)
    if found is None:
        raise NotSolvable(view.instruction)
    select = view.of_kind("select")[0]
    choices = [
        {"action_type": "select_option", "element_id": select.id, "option": item}
        for item in found.group(1).split(", ")
    ]
    return finish(*choices, click(view.button("Submit")))


def email_inbox_delete(view: TaskView) -> dict[str, Any]:
    """'Find the email by Tiffanie and click the trash icon to delete it.'"""
    found = re.search(r"email by (\w+)", view.instruction)
    if found is None:
        raise NotSolvable(view.instruction)
    elements = view.elements
    for index, element in enumerate(elements):
        if element.name.startswith(found.group(1) + " "):
            trash = next(
                (e for e in elements[index + 1 :] if e.name.split()[:1] == ["trash"]), None
            )
            if trash is not None:
                return finish(click(trash.id))
    raise NotSolvable(f"no email by {found.group(1)} with a trash icon")
