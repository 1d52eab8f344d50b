"""Whether what was typed into a field landed there."""

from __future__ import annotations

from typing import Any

from .action_errors import ActionFailed


async def check_landed(locator: Any, text: str, value: str, before: str, timeout_ms: float) -> None:
    """Typing that did not land is a failure, not an "ok" with an empty field or with the
    value the field had before (a field that blocks keys)."""
    if not text.strip():
        return
    if value.strip() and value != before:
        return  # reformatted by the page (a mask, a number format): the page has a value
    if value.strip():
        raise ActionFailed(
            f"the field refused what was typed: it kept its value {value!r} (it may take "
            "only some keys, or a control beside it such as arrows or a picker)"
        )
    disabled = await locator.is_disabled(timeout=timeout_ms)
    editable = disabled or await locator.is_editable(timeout=timeout_ms)
    if disabled or not editable:
        state = "disabled" if disabled else "read-only"
        raise ActionFailed(
            f"the field is {state} now (a popup or dialog may have disabled it): what was "
            f"typed did not land and its value is {value!r}"
        )
    raise ActionFailed(f"what was typed did not land: the field's value is {value!r}")
