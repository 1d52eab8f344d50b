"""Typing a 2FA code into a row of one-digit boxes: separators in the code are not digits."""

from __future__ import annotations

from typing import Any

import pytest

from stratus.agent.totp import type_code

pytestmark = pytest.mark.unit


class _Box:
    def __init__(self) -> None:
        self.value = ""

    async def fill(self, text: str, **_: Any) -> None:
        self.value = text

    async def press_sequentially(self, text: str, **_: Any) -> None:
        self.value += text


@pytest.mark.parametrize("code", ["123 456", "123-456", " 123456 "])
async def test_separators_do_not_take_a_box(code):
    boxes = [_Box() for _ in range(6)]
    await type_code(boxes, code)
    assert "".join(b.value for b in boxes) == "123456"


async def test_one_field_gets_the_code_as_sent():
    box = _Box()
    await type_code([box], "123-456")
    assert box.value == "123-456"
