"""Fields whose values are secrets (passwords, one-time codes) and how they are masked.

The page snapshot already shows such fields as filled, never by value; the same rule keeps
what the agent types into them out of step records, the model's action history, logs, CLI
output, webhooks and artifacts. The action itself still types the real value.
"""

from __future__ import annotations

import re
from typing import Any

from ..domain.snapshot import ElementInfo

MASK = "\u2022\u2022\u2022"  # what the snapshot shows for a filled secret field

# shorter values are masked where they are recorded, but not searched for in free text
MIN_SCRUBBED = 4

SECRET_AUTOCOMPLETE = {"one-time-code", "current-password", "new-password"}
# the snapshot's own test for one-time-code fields (snapshot.js)
_SECRET_CODE = re.compile(r"(one-time-code|otp|2fa|mfa|totp|verification|security.?code)", re.I)


def is_secret_field(element: ElementInfo | None) -> bool:
    """A password or one-time-code field, by its type, autocomplete hint, name or id."""
    if element is None or element.tag not in ("input", "textarea"):
        return False
    attrs = element.attrs or {}
    kind = (element.type or attrs.get("type") or "").lower()
    if kind == "password":
        return True
    tokens = set((attrs.get("autocomplete") or "").lower().split())
    if tokens & SECRET_AUTOCOMPLETE:
        return True
    return bool(_SECRET_CODE.search(f"{attrs.get('name', '')} {attrs.get('id', '')}"))


def scrub(value: Any, secrets: set[str] | frozenset[str]) -> Any:
    """``value`` with every secret replaced by the mask, in strings nested at any depth."""
    if not secrets:
        return value
    if isinstance(value, str):
        for secret in sorted(secrets, key=len, reverse=True):
            if len(secret) >= MIN_SCRUBBED:
                value = value.replace(secret, MASK)
        return value
    if isinstance(value, dict):
        return {k: scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v, secrets) for v in value]
    return value
