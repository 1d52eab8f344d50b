"""From a page snapshot and the facts to the actions that fill the form on it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..agent.actions import (
    Action,
    CheckboxAction,
    ClickAction,
    InputTextAction,
    SelectOptionAction,
    UploadFileAction,
)
from ..domain.snapshot import ElementInfo, PageSnapshot
from .matching import FieldMatch, FieldTarget, collect_fields, key_similarity, match_fields
from .options import best_option, is_consent, is_placeholder, split_choices, truthiness
from .text import norm, words

_ADVANCE_WORDS = [
    ("submit", 10), ("apply", 9), ("send", 8), ("finish", 8), ("complete", 7), ("confirm", 7),
    ("sign up", 7), ("register", 7), ("place order", 6), ("save", 5), ("next", 9),
    ("continue", 9), ("proceed", 8), ("review", 4), ("go", 2), ("search", 3), ("log in", 6),
    ("login", 6), ("sign in", 6), ("verify", 6), ("begin", 6), ("start", 5), ("get started", 7),
]  # fmt: skip
_PROSE_WORDS = 5  # a value this long is a sentence, not a name or a code
_NEVER_CLICK = re.compile(
    r"\b(back|previous|prev|cancel|reset|clear|delete|remove|close|start over|restart)\b"
)


@dataclass
class FormPlan:
    actions: list[Action] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)  # fact keys used
    fields: list[FieldTarget] = field(default_factory=list)
    matches: list[FieldMatch] = field(default_factory=list)
    open_comboboxes: list[tuple[ElementInfo, str]] = field(default_factory=list)
    advance: ElementInfo | None = None
    unplaced: list[str] = field(default_factory=list)  # list items no option fits

    @property
    def fills_something(self) -> bool:
        return bool(self.actions) or bool(self.open_comboboxes)


def plan_form(
    snapshot: PageSnapshot,
    facts: dict[str, str],
    files: dict[str, Path] | None = None,
    listbox_buttons: frozenset[str] = frozenset(),
) -> FormPlan:
    """Fill every matched field, tick consent boxes, attach named files, pick the advance button.

    ``files`` maps a file name the goal mentions to its path under the run's files dir;
    ``listbox_buttons`` are the ids of buttons that open a custom select.
    """
    plan = FormPlan(fields=collect_fields(snapshot.elements, listbox_buttons))
    plan.matches = match_fields(plan.fields, facts)
    matched = {id(m.field) for m in plan.matches}
    for match in plan.matches:
        _plan_match(plan, match)
    for target in plan.fields:
        if id(target) in matched:
            continue
        if target.kind == "checkbox" and _needs_consent(target):
            plan.actions.append(CheckboxAction(element_id=target.element.id, checked=True))
        if target.kind == "file" and files:
            chosen = _file_for(target, files, facts)
            if chosen:
                plan.actions.append(UploadFileAction(element_id=target.element.id, file=chosen))
                plan.filled += [key for key, value in facts.items() if chosen in value]
    _place_prose(plan, facts)
    plan.advance = advance_button(snapshot)
    return plan


def _place_prose(plan: FormPlan, facts: dict[str, str]) -> None:
    """A fact written as prose that no label matched goes to the one free-text box left
    ('Comments: ...' into a box labelled 'How was your stay?'); with two boxes, nowhere."""
    matched = {id(m.field) for m in plan.matches}
    boxes = [t for t in plan.fields if id(t) not in matched and _is_free_text(t.element)]
    used = {m.fact_key for m in plan.matches}
    prose = [k for k, v in facts.items() if k not in used and len(words(v)) >= _PROSE_WORDS]
    if len(boxes) == 1 and len(prose) == 1 and not (boxes[0].element.value or "").strip():
        plan.actions.append(InputTextAction(element_id=boxes[0].element.id, text=facts[prose[0]]))
        plan.filled.append(prose[0])


def _is_free_text(element: ElementInfo) -> bool:
    tag = element.tag.lower()
    return tag == "textarea" or (tag not in ("input", "select") and element.role == "textbox")


def _plan_match(plan: FormPlan, match: FieldMatch) -> None:
    target, value = match.field, match.value
    element = target.element
    action: Action | None = None
    if target.kind == "text":
        if (element.value or "") != value:
            action = InputTextAction(element_id=element.id, text=value)
    elif target.kind == "select":
        choices = [o for o in element.options or [] if not o.disabled]
        index = best_option(value, [(o.text, o.value) for o in choices])
        if index is not None and not choices[index].selected:
            action = SelectOptionAction(element_id=element.id, option=choices[index].value or "")
    elif target.kind == "combobox":
        if norm(element.value) != norm(value):
            plan.open_comboboxes.append((element, value))
            plan.filled.append(match.fact_key or "")
        return
    elif target.kind == "radio_group":
        index = best_option(value, [(r.name, r.attrs.get("value")) for r in target.elements])
        if index is not None and not target.elements[index].checked:
            action = ClickAction(element_id=target.elements[index].id)
    elif target.kind == "checkbox":
        action = _checkbox_action(element, value)
    elif target.kind == "checkbox_group":
        _plan_checkbox_group(plan, target, value)
    if action is not None:
        plan.actions.append(action)
    if match.fact_key:
        plan.filled.append(match.fact_key)


def _checkbox_action(element: ElementInfo, value: str) -> Action | None:
    truth = truthiness(value)
    if truth is None:
        truth = bool(set(words(value)) & set(words(element.name)))
    if bool(element.checked) != truth:
        return CheckboxAction(element_id=element.id, checked=truth)
    return None


def _plan_checkbox_group(plan: FormPlan, target: FieldTarget, value: str) -> None:
    options = [(box.name, box.attrs.get("value")) for box in target.elements]
    picks = {choice: best_option(choice, options) for choice in split_choices(value)}
    plan.unplaced += [f"{choice!r} in {target.label}" for choice, i in picks.items() if i is None]
    wanted = set(picks.values()) - {None}
    for index, box in enumerate(target.elements):
        if (index in wanted) != bool(box.checked):
            plan.actions.append(CheckboxAction(element_id=box.id, checked=index in wanted))


def _needs_consent(target: FieldTarget) -> bool:
    element = target.element
    return not element.checked and (is_consent(target.label) or element.required)


def _file_for(target: FieldTarget, files: dict[str, Path], facts: dict[str, str]) -> str | None:
    if len(files) == 1:
        return next(iter(files))
    label_texts = [target.label, target.element.attrs.get("name", "")]
    best_name, best_score = None, 0.0
    for name in files:
        keys = [k for k, v in facts.items() if name in v]
        score = max(key_similarity(text, label_texts) for text in [Path(name).stem, *keys])
        if score > best_score:
            best_name, best_score = name, score
    return best_name


def advance_button(snapshot: PageSnapshot) -> ElementInfo | None:
    """The button that moves the form on: Submit / Next / Continue ..., never Back or Cancel."""
    best: tuple[float, ElementInfo] | None = None
    for element in snapshot.elements:
        if element.disabled or not _is_button(element):
            continue
        label = norm(element.name or element.value or element.attrs.get("aria-label"))
        if not label or _NEVER_CLICK.search(label):
            continue
        score = max((w for phrase, w in _ADVANCE_WORDS if _has_phrase(label, phrase)), default=0)
        if (element.type or "").lower() == "submit":
            score += 3
        if score and (best is None or score > best[0]):
            best = (score, element)
    return best[1] if best else None


def _is_button(element: ElementInfo) -> bool:
    tag, type_ = element.tag.lower(), (element.type or "").lower()
    if tag == "button" or element.role == "button":
        return True
    return tag == "input" and type_ in ("submit", "button", "image")


def _has_phrase(label: str, phrase: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b", label) is not None


def is_required(element: ElementInfo) -> bool:
    """HTML ``required``, ``aria-required``, or a ``*`` beside the label ('Phone *')."""
    if element.required:
        return True
    label = (element.name or "").strip()
    return label.endswith("*") or label.startswith("*") or " * " in label


def unfilled_required(
    snapshot: PageSnapshot, planned: frozenset[str] = frozenset()
) -> list[ElementInfo]:
    """Required fields still empty and not in ``planned`` (ids about to be filled).

    A required radio group counts once (its first button) when none of it is checked
    or planned.
    """
    out = []
    radios: dict[str, list[ElementInfo]] = {}
    for element in snapshot.elements:
        if element.disabled:
            continue
        if (element.type or "") == "radio" or element.role == "radio":
            radios.setdefault(element.group or element.attrs.get("name", element.id), []).append(
                element
            )
            continue
        if element.id in planned or not is_required(element):
            continue
        if element.options is not None:
            chosen = next((o for o in element.options if o.selected), None)
            if chosen is None or is_placeholder(chosen.text, chosen.value):
                out.append(element)
        elif _is_box_or_editor(element):
            continue
        elif not (element.value or "").strip():
            out.append(element)
    for members in radios.values():
        answered = any(m.checked or m.id in planned for m in members)
        if any(is_required(m) for m in members) and not answered:
            out.append(members[0])
    return out


def _is_box_or_editor(element: ElementInfo) -> bool:
    """Checkboxes (consent is ticked separately) and rich editors (no reliable value)."""
    checkbox = (element.type or "") == "checkbox" or element.role == "checkbox"
    return checkbox or element.attrs.get("contenteditable") == "true"
