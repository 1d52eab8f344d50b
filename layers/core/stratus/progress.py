"""One line per action, for live progress in the CLI and the demo."""

from __future__ import annotations

from typing import Any

_VALUE_KEYS = ("value", "text", "option")
_SHOWS_VALUE = frozenset({"input_text", "select_option"})


def describe_action(action: dict[str, Any]) -> str:
    params = action.get("params") or {}
    target = (params.get("target") or {}).get("name") or action.get("element_id") or ""
    value = next((params[k] for k in _VALUE_KEYS if params.get(k)), "")
    parts = [str(action.get("action_type"))]
    if target:
        parts.append(repr(target))
    if value and action.get("action_type") in _SHOWS_VALUE:
        parts.append(f"= {value!r}")
    if action.get("success") is False:
        parts.append(f"FAILED: {action.get('error')}")
    return " ".join(parts)
