"""Policies for buttons, checkboxes, text fields and sliders."""

from __future__ import annotations

import re
from typing import Any

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

TEXT_KINDS = ("input", "textbox", "searchbox", "textarea")


def click_button_sequence(view: TaskView) -> dict[str, Any]:
    """'Click button ONE, then click button TWO.'"""
    names = re.findall(r"button (\w+)", view.instruction)
    return finish(*(click(view.button(name)) for name in names))


def click_checkboxes(view: TaskView) -> dict[str, Any]:
    """'Select A, B and click Submit.' or 'Select nothing and click Submit.'"""
    match = re.match(r"Select (.*) and click Submit", view.instruction)
    if match is None:
        raise NotSolvable(view.instruction)
    wanted = [] if match.group(1) == "nothing" else re.split(r",\s*", match.group(1))
    boxes = {e.name: e for e in view.of_kind("checkbox")}
    actions = []
    for name in wanted:
        if name not in boxes:
            raise NotSolvable(f"no checkbox named {name!r}")
        actions.append({"action_type": "checkbox", "element_id": boxes[name].id, "checked": True})
    return finish(*actions, click(view.button("Submit")))


def enter_text(view: TaskView) -> dict[str, Any]:
    """'Enter "X" into the text field and press Submit.'"""
    text = quoted(view.instruction)[0]
    field = view.of_kind(*TEXT_KINDS)[0]
    return finish(type_into(field.id, text), click(view.button("Submit")))


def copy_paste(view: TaskView) -> dict[str, Any]:
    """Copy a text area's value into the text input (the nth area when the instruction says)."""
    areas = view.of_kind("textarea")
    found = re.search(r"(\w+) text area", view.instruction)
    index = ordinal(found.group(1)) if found and found.group(1) != "the" else 1
    source = areas[index - 1 if index > 0 else index]
    text = value_of(source)
    if text is None:
        raise NotSolvable("the text area shows no value")
    target = next(e for e in view.of_kind("input", "textbox") if e.id != source.id)
    return finish(type_into(target.id, text), click(view.button("Submit")))


_RANGE = re.compile(r'="(?P<value>-?\d+)" \[(?P<low>-?\d+)\.\.(?P<high>-?\d+)\]')


def slider_keys(view: TaskView, slider_id: str, wanted: int) -> list[dict[str, Any]]:
    """Keys that move a slider from the value it shows to ``wanted``."""
    line = next(e.line for e in view.elements if e.id == slider_id)
    match = _RANGE.search(line)
    if match is None:
        raise NotSolvable(f"slider shows no value and range: {line}")
    low, high = int(match["low"]), int(match["high"])
    if not low <= wanted <= high:
        raise NotSolvable(f"{wanted} is outside the slider's range {low}..{high}")
    # start from where the slider is, or from its nearer end (Home / End)
    start, jump = min(
        (int(match["value"]), []),
        (low, [key("Home", slider_id)]),
        (high, [key("End", slider_id)]),
        key=lambda option: abs(wanted - option[0]) + len(option[1]),
    )
    step = "ArrowRight" if wanted > start else "ArrowLeft"
    return [*jump, *(key(step, slider_id) for _ in range(abs(wanted - start)))]


def use_slider_2(view: TaskView) -> dict[str, Any]:
    """'Set the sliders to the combination [5,16,14] and submit.'"""
    found = re.search(r"\[([-\d,\s]+)\]", view.instruction)
    if found is None:
        raise NotSolvable(view.instruction)
    values = [int(v) for v in found.group(1).split(",")]
    sliders = view.of_kind("slider")
    if len(sliders) != len(values):
        raise NotSolvable(f"{len(values)} values for {len(sliders)} sliders")
    actions = [k for s, v in zip(sliders, values, strict=True) for k in slider_keys(view, s.id, v)]
    return finish(*actions, click(view.button("Submit")))


def form_sequence(view: TaskView) -> dict[str, Any]:
    """'Select -5 with the slider, click the 3rd checkbox, then hit Submit.'"""
    value = re.search(r"Select (-?\d+) with the slider", view.instruction)
    box = re.search(r"click the (\w+) checkbox", view.instruction)
    if value is None or box is None:
        raise NotSolvable(view.instruction)
    slider = view.of_kind("slider")[0]
    checkbox = view.of_kind("checkbox")[ordinal(box.group(1)) - 1]
    return finish(
        *slider_keys(view, slider.id, int(value.group(1))),
        click(checkbox.id),
        click(view.button("Submit")),
    )


def login_user(view: TaskView) -> dict[str, Any]:
    """'Enter the username "u" and the password "p" into the text fields and press login.'"""
    username, password = quoted(view.instruction)[:2]
    fields = view.of_kind(*TEXT_KINDS)
    if len(fields) < 2:
        raise NotSolvable("fewer than two fields")
    return finish(
        type_into(fields[0].id, username),
        type_into(fields[1].id, password),
        click(view.button("Login")),
    )
