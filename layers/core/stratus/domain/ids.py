"""Ids of the form ``<prefix>_<digits>``: unique and roughly time-ordered.

The digits are a 64-bit integer: milliseconds since the epoch in the high bits and
22 random bits below, so ids sort by creation time and never collide in practice.
"""

from __future__ import annotations

import re
import secrets
import time

PREFIXES = {
    "organization": "o",
    "task_v1": "tsk",
    "task_v2": "tsk_v2",
    "step": "stp",
    "workflow_run": "wr",
    "workflow": "w",
    "workflow_permanent": "wpid",
    "artifact": "a",
    "totp": "totp",
    "browser_session": "pbs",
    "api_key": "ak",
    "script": "scr",
    "webhook_attempt": "wha",
}

_ID_RE = re.compile(r"^(?P<prefix>[a-z][a-z0-9_]*?)_(?P<digits>\d{1,20})$")


def new_id(prefix: str) -> str:
    millis = time.time_ns() // 1_000_000
    return f"{prefix}_{(millis << 22) | secrets.randbits(22)}"


def id_prefix(value: str) -> str | None:
    """The prefix of a well-formed id (``tsk_v2`` for ``tsk_v2_123``), else None."""
    match = _ID_RE.match(value)
    return match.group("prefix") if match else None


def is_id(value: str, prefix: str) -> bool:
    return id_prefix(value) == prefix
