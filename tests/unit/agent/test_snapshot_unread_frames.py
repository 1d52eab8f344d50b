"""A frame whose content cannot be read is named on the snapshot (and in what the model
reads), not dropped without a word."""

from __future__ import annotations

import json
from typing import Any

import pytest

from stratus.agent.snapshot import take_snapshot
from stratus.agent.snapshot_render import render_snapshot

pytestmark = pytest.mark.unit

MAIN = {"url": "https://shop.example/", "title": "Shop", "text": "Welcome", "elements": []}


class _Handle:
    async def evaluate(self, script: str) -> int:
        return 1  # the frame's number


class _Frame:
    def __init__(self, url: str, parent: _Frame | None, content: dict[str, Any] | Exception):
        self.url = url
        self.parent_frame = parent
        self._content = content

    async def evaluate(self, script: str, arg: Any = None) -> str:
        if isinstance(self._content, Exception):
            raise self._content
        return json.dumps(self._content)

    async def frame_element(self) -> _Handle:
        return _Handle()


class _Page:
    def __init__(self, frames: list[_Frame]) -> None:
        self.frames = frames
        self.main_frame = frames[0]
        self.url = frames[0].url


async def test_a_frame_that_refuses_scripts_is_named_with_the_reason():
    main = _Frame("https://shop.example/", None, MAIN)
    refused = RuntimeError("Frame.evaluate: Execution context was destroyed\nCall log: ...")
    payment = _Frame("https://pay.example/card", main, refused)

    snapshot = await take_snapshot(_Page([main, payment]))

    assert snapshot.text == "Welcome"
    assert snapshot.unread_frames == [
        "https://pay.example/card: Frame.evaluate: Execution context was destroyed"
    ]
    assert "frames not read: https://pay.example/card" in render_snapshot(snapshot)


async def test_every_frame_read_means_nothing_unread():
    main = _Frame("https://shop.example/", None, MAIN)
    snapshot = await take_snapshot(_Page([main]))
    assert snapshot.unread_frames == []
    assert "not read" not in render_snapshot(snapshot)
