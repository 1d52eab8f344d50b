"""What a restore could not bring back of a page is said on its note, never dropped."""

from __future__ import annotations

from typing import Any

import pytest

from stratus.adapters.browser_state import capture_state, restore_page

pytestmark = pytest.mark.unit

URL = "https://shop.example/checkout"


class _Response:
    status = 200


class _Page:
    def __init__(self, evaluate_error: Exception | None) -> None:
        self.url = "about:blank"
        self._error = evaluate_error

    async def goto(self, url: str, **_: Any) -> _Response:
        self.url = url
        return _Response()

    async def evaluate(self, script: str, arg: Any = None) -> Any:
        if self._error is not None:
            raise self._error
        return {"session": {}, "fields": []}

    def is_closed(self) -> bool:
        return False


class _Context:
    async def storage_state(self) -> dict[str, Any]:
        return {"cookies": [], "origins": []}


async def test_typed_values_that_cannot_be_put_back_are_named_on_the_note():
    page = _Page(RuntimeError("Page.evaluate: Target crashed\n  at restore"))
    restore = await restore_page(page, {"url": URL, "page": {"fields": [{"value": "x"}]}})
    assert restore.lost is None
    assert restore.fields_not_restored == "Page.evaluate: Target crashed"
    assert "typed values could not be put back: Page.evaluate: Target crashed" in restore.note


async def test_typed_values_that_could_not_be_saved_are_named_on_the_note():
    state = await capture_state(_Context(), _Page(RuntimeError("Execution context destroyed")))
    assert state["page_not_saved"] == "Execution context destroyed"
    restore = await restore_page(_Page(None), state | {"url": URL})
    assert restore.fields_not_restored == "they were not saved (Execution context destroyed)"


async def test_a_full_restore_says_nothing_is_missing():
    restore = await restore_page(_Page(None), {"url": URL, "page": {"fields": []}})
    assert restore.fields_not_restored is None
    assert "could not" not in restore.note
