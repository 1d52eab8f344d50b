"""Facts: the key-value pairs a run supplies, from its payload or from its goal text.

``parse_facts`` never invents values: every fact is a string that appears in the payload
or in the goal.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .text import clean_space

_KEY_WORD = r"[A-Za-z][A-Za-z0-9_'/\-]*"
# A key: one to four words right before ": " (a colon followed by a space or the end).
_KEY_RE = re.compile(rf"({_KEY_WORD}(?:[ \t]+{_KEY_WORD}){{0,3}})[ \t]*:(?=\s|$)")
_CONNECTORS = {"and", "with", "then", "also", "please", "using", "use"}
_LEADING_FILLER = {"my", "the", "your", "his", "her", "their", "is", "of", "to", "for", "a", "an"}
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "ltd", "co", "ave", "rd", "no"}
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_PHONE_RE = re.compile(r"(?<![\w@.])\+?\d[\d\s().\-]{6,}\d(?![\w@])")
_AS_NAME_RE = re.compile(
    r"\b(?:as|named|name is)\s+((?:[A-Z][a-zA-Z'\-]*\.?)(?:\s+[A-Z][a-zA-Z'\-]*\.?){0,3})"
)
# 'for Maria Lopez, maria@x.example' / 'Maria Lopez <maria@...>': a person beside an email
_NAME_BY_EMAIL_RE = re.compile(
    r"(?<![\w.])([A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+){1,2})\s*(?:,\s*|\s+|<|\()"
    r"(?=[A-Za-z0-9._%+\-]+@)"
)
_FILE_RE = re.compile(
    r"[\w\-.]+\.(?:pdf|docx?|txt|rtf|odt|png|jpe?g|gif|csv|xlsx?|json|zip)\b", re.IGNORECASE
)


def parse_facts(goal: str, payload: Any) -> dict[str, str]:
    """Facts from the navigation payload (flattened) and from pairs written in the goal.

    Payload facts win over goal facts with the same key.
    """
    facts = facts_from_goal(goal or "")
    for key, value in flatten_payload(payload).items():
        facts[key] = value
    return facts


def flatten_payload(payload: Any) -> dict[str, str]:
    """Nested JSON to readable keys: ``{"applicant": {"first_name": "Chris"}}`` ->
    ``{"applicant first_name": "Chris"}``. Lists of scalars join with ", "."""
    if payload is None:
        return {}
    if isinstance(payload, str):
        stripped = payload.strip()
        if stripped[:1] in "{[":
            try:
                return flatten_payload(json.loads(stripped))
            except ValueError:
                pass
        return facts_from_goal(stripped)
    out: dict[str, str] = {}
    _flatten_into(out, "", payload)
    return out


def _flatten_into(out: dict[str, str], prefix: str, value: Any) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten_into(out, f"{prefix} {key}".strip(), inner)
    elif isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            out[prefix or "value"] = ", ".join(_scalar(v) for v in value if v is not None)
        else:
            for index, inner in enumerate(value, start=1):
                _flatten_into(out, f"{prefix} {index}".strip(), inner)
    elif value is not None:
        out[prefix or "value"] = _scalar(value)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def facts_from_goal(goal: str) -> dict[str, str]:
    facts = _keyed_pairs(goal)
    values = " ".join(facts.values())
    if not any(_EMAIL_RE.fullmatch(v) for v in facts.values()):
        email = _EMAIL_RE.search(goal)
        if email:
            facts.setdefault("email", email.group(0))
    if not _has_key(facts, "name"):
        named = _AS_NAME_RE.search(goal)
        name = named.group(1).rstrip(",") if named else _name_by_email(goal)
        if name and name not in values:
            facts["name"] = name
    if not _has_key(facts, "phone"):
        phone = _PHONE_RE.search(goal)
        if phone and phone.group(0) not in values:
            facts["phone"] = phone.group(0).strip()
    return facts


def _name_by_email(goal: str) -> str | None:
    """Two or three capitalised words right before an email; a sentence's first word
    ('Invite Tom Ng <tom@...>') is a verb, not part of the name."""
    found = _NAME_BY_EMAIL_RE.search(goal)
    if not found:
        return None
    parts = found.group(1).split()
    if _starts_a_clause(goal, found.start(1)) and goal[: found.start(1)].rstrip()[-1:] != ",":
        parts = parts[1:]
    return " ".join(parts) if len(parts) >= 2 else None


def named_files(goal: str, facts: dict[str, str]) -> list[str]:
    """File names mentioned in the goal or in fact values (``resume.pdf``), in order."""
    seen: list[str] = []
    for text in [goal, *facts.values()]:
        for match in _FILE_RE.finditer(text or ""):
            name = match.group(0)
            if "@" not in name and name not in seen:
                seen.append(name)
    return seen


def _has_key(facts: dict[str, str], word: str) -> bool:
    return any(word in key.lower() for key in facts)


def _keyed_pairs(goal: str) -> dict[str, str]:
    matches = [m for m in _KEY_RE.finditer(goal) if not _inside_url(goal, m.end())]
    facts: dict[str, str] = {}
    offsets = [_key_offset(m.group(1), _starts_a_clause(goal, m.start(1))) for m in matches]
    starts = [match.start(1) + offsets[index] for index, match in enumerate(matches)]
    for index, match in enumerate(matches):
        key = match.group(1)[offsets[index] :].strip()
        if not key:
            continue
        end = starts[index + 1] if index + 1 < len(matches) else len(goal)
        value = _clean_value(goal[match.end() : end], last=index + 1 == len(matches))
        if value:
            facts[key] = value
    return facts


def _inside_url(text: str, colon_end: int) -> bool:
    return text[colon_end - 1 : colon_end + 2] == "://"


def _starts_a_clause(text: str, position: int) -> bool:
    """The words at ``position`` follow a comma, a semicolon, a sentence end or nothing."""
    before = text[:position].rstrip(" \t")
    if not before or before[-1] in ",;\n":
        return True
    if before[-1] in ".!?" and len(before) < position:  # '. Street', not 'x.test'
        last_word = before[:-1].split()[-1] if before[:-1].split() else ""
        return len(last_word) > 1 and last_word.lower() not in _ABBREVIATIONS
    return False


def _key_offset(raw: str, clause_start: bool = False) -> int:
    """Where the key really starts inside the words before a colon.

    'Bacon and Email' -> 'Email' (after the last connector); 'the job Name' -> 'Name'
    (a capitalised tail after lower-case words); 'first name' stays whole. At the start of
    a clause the words are all key ('Make and model'), but for a leading connector.
    """
    spans = [(m.start(), m.group(0)) for m in re.finditer(r"\S+", raw)]
    start = 0
    for index, (_, word) in enumerate(spans):
        connector = word.lower() in _CONNECTORS and index + 1 < len(spans)
        if connector and (not clause_start or index == start):
            start = index + 1
    while start + 1 < len(spans) and spans[start][1].lower() in _LEADING_FILLER:
        start += 1
    for index in range(start + 1, len(spans)):
        tail = spans[index:]
        if spans[index - 1][1][:1].islower() and all(w[:1].isupper() for _, w in tail):
            start = index
            break
    return spans[start][0] if spans else 0


def _clean_value(raw: str, *, last: bool) -> str:
    value = raw.split("\n")[0]
    value = _cut_at_sentence_end(value) if last else _strip_trailing_key_start(value)
    value = clean_space(value).strip(" ,;")
    if value.endswith(".") and not _ends_with_abbreviation(value):
        value = value[:-1].rstrip()
    return value.strip(" ,;")


def _strip_trailing_key_start(value: str) -> str:
    """The text between two keys may end with words of the next key's sentence: 'x and'."""
    return re.sub(r"[\s,;]+(?:and|with)\s*$", "", value, flags=re.IGNORECASE)


def _cut_at_sentence_end(value: str) -> str:
    """The last pair's value ends where its sentence does: 'a@b.com. Then submit.' -> a@b.com."""
    for match in re.finditer(r"[.!?](?=\s+\S)", value):
        before = value[: match.start()]
        last_word = before.split()[-1] if before.split() else ""
        if len(last_word.strip("(\"'")) > 1 and last_word.lower().strip(".") not in _ABBREVIATIONS:
            return before
    return value


def _ends_with_abbreviation(value: str) -> bool:
    last_word = value.split()[-1].rstrip(".") if value.split() else ""
    return len(last_word) == 1 or last_word.lower() in _ABBREVIATIONS
