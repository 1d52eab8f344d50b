"""Matching facts to form fields: which fact goes in which field, and with what value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..domain.snapshot import ElementInfo
from .options import best_option, split_choices
from .synonyms import AUTOCOMPLETE_CONCEPTS, INPUT_TYPE_CONCEPTS, concept_of
from .text import squash, words

MIN_SCORE = 0.5
_STOPWORDS = {"your", "the", "a", "an", "of", "please", "enter", "required", "optional", "our"}
_TEXT_TYPES = {None, "", "text", "email", "tel", "url", "search", "number", "password", "date"}
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_PHONE_RE = re.compile(r"^\+?[\d\s().\-]{7,}$")
_URL_RE = re.compile(r"^(https?://|www\.)", re.IGNORECASE)


@dataclass(frozen=True)
class FieldTarget:
    """A fillable thing on the page: a text box, a select, a radio group, a checkbox..."""

    kind: str  # text | select | combobox | radio_group | checkbox | checkbox_group | file
    elements: tuple[ElementInfo, ...]
    label: str
    concept: str | None

    @property
    def element(self) -> ElementInfo:
        return self.elements[0]


@dataclass(frozen=True)
class FieldMatch:
    field: FieldTarget
    fact_key: str | None
    value: str
    score: float
    derived: str | None = None  # "first" / "last" when the value is part of a full name


def field_kind(element: ElementInfo) -> str | None:
    if element.disabled:
        return None
    tag, type_, role = element.tag.lower(), (element.type or "").lower(), element.role or ""
    if tag == "select" or (element.options and tag != "input"):
        return "select"
    if tag == "textarea":
        return "text"
    if tag == "input":
        if type_ == "radio":
            return "radio"
        if type_ == "checkbox":
            return "checkbox"
        if type_ == "file":
            return "file"
        if type_ in _TEXT_TYPES:
            return "text"
        return None
    if role == "combobox":
        return "combobox"
    if role == "radio":
        return "radio"
    if role == "checkbox":
        return "checkbox"
    if role == "textbox" or element.attrs.get("contenteditable") == "true":
        return "text"
    return None


def field_label(element: ElementInfo) -> str:
    attrs = element.attrs
    for text in (
        element.name,
        attrs.get("aria-label"),
        attrs.get("placeholder"),
        attrs.get("title"),
    ):
        if text and text.strip():
            return text.strip()
    return attrs.get("name") or attrs.get("id") or ""


def field_concept(element: ElementInfo, label: str) -> str | None:
    attrs = element.attrs
    autocomplete = (attrs.get("autocomplete") or "").split()
    for token in reversed(autocomplete):
        if token in AUTOCOMPLETE_CONCEPTS:
            return AUTOCOMPLETE_CONCEPTS[token]
    typed = INPUT_TYPE_CONCEPTS.get((element.type or "").lower())
    if typed:  # an email box labelled 'Contact address' still takes an email
        return typed
    for text in (label, attrs.get("placeholder"), attrs.get("name"), attrs.get("id")):
        concept = concept_of(text)
        if concept:
            return concept
    return None


def collect_fields(
    elements: list[ElementInfo], listbox_buttons: frozenset[str] = frozenset()
) -> list[FieldTarget]:
    """Group the page's inputs into fields; radios and checkbox sets by their group.

    ``listbox_buttons``: ids of buttons that open a list of options (a custom select).
    """
    fields: list[FieldTarget] = []
    groups: dict[tuple[str, str], list[ElementInfo]] = {}
    for element in elements:
        kind = "combobox" if element.id in listbox_buttons else field_kind(element)
        if kind in ("radio", "checkbox") and element.group:
            groups.setdefault((kind, element.group), []).append(element)
        elif kind == "radio":
            groups.setdefault((kind, element.attrs.get("name", element.id)), []).append(element)
        elif kind:
            label = field_label(element)
            fields.append(FieldTarget(kind, (element,), label, field_concept(element, label)))
    for (kind, group), members in groups.items():
        if kind == "checkbox" and len(members) == 1:
            label = field_label(members[0])
            fields.append(FieldTarget("checkbox", (members[0],), label, concept_of(label)))
            continue
        label = group
        fields.append(FieldTarget(f"{kind}_group", tuple(members), label, concept_of(label)))
    return fields


def field_texts(field: FieldTarget) -> list[str]:
    attrs = field.element.attrs
    texts = [field.label, attrs.get("placeholder"), attrs.get("name"), attrs.get("id")]
    if field.kind == "checkbox":
        texts.append(field.element.name)
    return [t for t in texts if t]


def key_similarity(key: str, texts: list[str]) -> float:
    """Dice overlap of meaningful words, or 1.0 when letters-only forms are equal."""
    key_words = {w for w in words(key) if w not in _STOPWORDS}
    if not key_words:
        return 0.0
    best = 0.0
    for text in texts:
        if squash(text) and squash(text) == squash(key):
            return 1.0
        text_words = {w for w in words(text) if w not in _STOPWORDS}
        if text_words:
            shared = len(key_words & text_words)
            best = max(best, 2 * shared / (len(key_words) + len(text_words)))
    return best


def value_fits_type(value: str, field: FieldTarget) -> bool:
    type_ = (field.element.type or "").lower()
    if type_ == "email":
        return bool(_EMAIL_RE.match(value))
    if type_ == "tel":
        return bool(_PHONE_RE.match(value))
    if type_ == "url":
        return bool(_URL_RE.match(value))
    if type_ == "number":
        return bool(re.fullmatch(r"-?[\d.,]+", value.strip()))
    return True


def value_fits_options(value: str, field: FieldTarget) -> bool:
    """A select or radio fact must name one of the options ('Canada' never fits Yes/No)."""
    options: list[tuple[str, str | None]]
    if field.kind == "select":
        options = [(o.text, o.value) for o in field.element.options or []]
    elif field.kind in ("radio_group", "checkbox_group"):
        options = [(e.name, e.attrs.get("value")) for e in field.elements]
    else:
        return True
    return any(best_option(choice, options) is not None for choice in split_choices(value))


def score_fact(key: str, value: str, field: FieldTarget) -> tuple[float, str | None]:
    """How well a fact fits a field, and which part of it (full name halves) goes there."""
    fact_concept = concept_of(key)
    if fact_concept is None and _EMAIL_RE.match(value):
        fact_concept = "email"
    if not value_fits_type(value, field):
        return 0.0, None
    if fact_concept and field.concept:
        if fact_concept == field.concept:  # two cities on a form: the closer wording wins
            return 1.0 + 0.1 * key_similarity(key, field_texts(field)), None
        if fact_concept == "full_name" and field.concept in ("first_name", "last_name"):
            return 0.9, "first" if field.concept == "first_name" else "last"
        if fact_concept == "full_name" and field.concept == "middle_name":
            return 0.0, None
        if key_similarity(key, field_texts(field)) < 1.0:
            return 0.0, None
    return key_similarity(key, field_texts(field)), None


def split_name(full: str, part: str) -> str:
    pieces = full.split()
    if len(pieces) < 2:
        return full
    return pieces[0] if part == "first" else pieces[-1]


def with_joined_names(facts: dict[str, str]) -> dict[str, str]:
    """Adds a full name made of first and last names when the facts have only the halves."""
    concepts = {concept_of(k): v for k, v in facts.items()}
    if "full_name" not in concepts and "first_name" in concepts and "last_name" in concepts:
        joined = f"{concepts['first_name']} {concepts['last_name']}"
        return {**facts, "full name": joined}
    return facts


def match_fields(fields: list[FieldTarget], facts: dict[str, str]) -> list[FieldMatch]:
    """The best fact for each field (a fact may fill several fields: email and confirm email)."""
    facts = with_joined_names(facts)
    matches: list[FieldMatch] = []
    for field in fields:
        if field.kind == "file":
            continue
        best: FieldMatch | None = None
        for key, value in facts.items():
            score, part = score_fact(key, value, field)
            if score >= MIN_SCORE and not value_fits_options(value, field):
                continue
            if score >= MIN_SCORE and (best is None or score > best.score):
                filled = split_name(value, part) if part else value
                best = FieldMatch(field, key, filled, score, part)
        if best:
            matches.append(best)
    return matches
