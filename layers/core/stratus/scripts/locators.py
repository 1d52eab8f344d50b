"""Finding a recorded element again on a live page snapshot, with a score and a miss reason.

Evidence, strongest first: role and accessible name, then the group label, then stable
attributes (name, id, placeholder, data-testid, ...), then visible text. A generated id
never counts as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..domain.snapshot import ElementInfo, PageSnapshot
from ..planner.text import norm
from .model import Locator

STABLE_ATTRS = (
    "name", "id", "placeholder", "data-testid", "data-test", "data-qa", "aria-label",
    "autocomplete", "href", "value", "for", "title",
)  # fmt: skip
MIN_SCORE = 2.0
_GENERATED = re.compile(r"\d{4,}|[0-9a-f]{8,}|^(ember|react|mui|radix|headlessui)[-_:]|^:r", re.I)
_TEXT_TYPES = {"", "text", "email", "tel", "url", "search", "number", "password"}
_BUTTON_TYPES = {"submit", "button", "image", "reset"}


@dataclass(frozen=True)
class Resolution:
    element: ElementInfo | None
    score: float
    reason: str | None = None  # why nothing matched


def is_stable(value: str) -> bool:
    return bool(value) and not _GENERATED.search(value)


def locator_for(element: ElementInfo) -> Locator:
    attrs = {
        key: value
        for key in STABLE_ATTRS
        if (value := element.attrs.get(key)) is not None and is_stable(value)
    }
    is_clickable = element.tag in ("a", "button") or element.role in ("link", "button", "option")
    label = _label_of(element)
    return Locator(
        role=element.role,
        name=element.name,
        label=label,
        tag=element.tag,
        type=element.type,
        attrs=attrs,
        text=element.name if is_clickable else None,
        frame=element.frame,
    )


def _label_of(element: ElementInfo) -> str | None:
    """The group for radios and checkboxes (a fieldset legend says little about a text box)."""
    if (element.type or "") in ("radio", "checkbox") or element.role in ("radio", "checkbox"):
        return element.group
    return element.attrs.get("aria-label") or element.attrs.get("placeholder")


def describe(locator: Locator) -> str:
    parts = [f"role={locator.role or locator.tag}"]
    if locator.name:
        parts.append(f"name~'{locator.name}'")
    elif locator.label:
        parts.append(f"label~'{locator.label}'")
    elif locator.attrs:
        key, value = next(iter(locator.attrs.items()))
        parts.append(f"{key}='{value}'")
    return " ".join(parts)


def _kind(tag: str, type_: str | None, role: str | None) -> str:
    tag, type_ = tag.lower(), (type_ or "").lower()
    if (tag == "input" and type_ in _TEXT_TYPES) or tag == "textarea" or role == "textbox":
        return "text"
    if tag == "button" or (tag == "input" and type_ in _BUTTON_TYPES) or role == "button":
        return "button"
    if tag == "input":
        return type_
    return role or tag


def _same_text(a: str | None, b: str | None) -> float:
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if min(len(a), len(b)) >= 3 and (a in b or b in a):
        return 0.6
    return 0.0


def score(locator: Locator, element: ElementInfo) -> float:
    if (locator.frame or None) != (element.frame or None):
        return 0.0
    if _kind(locator.tag, locator.type, locator.role) != _kind(
        element.tag, element.type, element.role
    ):
        return 0.0
    evidence = 3.0 * _same_text(locator.name, element.name)
    for key, value in locator.attrs.items():
        if element.attrs.get(key) == value:
            evidence += 0.5 if key in ("value", "autocomplete", "type") else 1.5
    if evidence == 0:  # a label, text or role alone never identifies an element
        return 0.0
    evidence += 1.5 * _same_text(locator.label, _label_of(element))
    if locator.text:
        evidence += 0.5 * _same_text(locator.text, element.name)
    return evidence + (0.5 if locator.role == element.role else 0.0)


def resolve(snapshot: PageSnapshot, locator: Locator) -> Resolution:
    scored = [(score(locator, element), index) for index, element in enumerate(snapshot.elements)]
    scored = [item for item in scored if item[0] > 0]
    if not scored:
        return Resolution(None, 0.0, f"no element matches {describe(locator)}")
    best_score, best_index = max(scored, key=lambda item: (item[0], -item[1]))
    if best_score < MIN_SCORE:
        closest = snapshot.elements[best_index]
        return Resolution(
            None,
            best_score,
            f"no element matches {describe(locator)} (closest: {closest.role or closest.tag} "
            f"'{closest.name}', score {best_score:.1f})",
        )
    return Resolution(snapshot.elements[best_index], best_score)
