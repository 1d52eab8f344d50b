"""The start-up heap is frozen once what loads in the background has loaded."""

from __future__ import annotations

import threading

import pytest

from stratus.start_up_heap import freeze_once_loaded

pytestmark = pytest.mark.unit


class SlowLoadingCredentials:
    def __init__(self) -> None:
        self.loaded = threading.Event()
        self.events: list[str] = []

    def missing(self, model: str) -> list[str]:
        return []

    def wait_until_loaded(self) -> None:
        self.loaded.wait(5)
        self.events.append("loaded")


async def test_the_heap_is_frozen_after_the_credentials_have_loaded_not_before():
    credentials = SlowLoadingCredentials()
    events = credentials.events
    threading.Timer(0.05, credentials.loaded.set).start()
    await freeze_once_loaded(credentials, freeze=lambda: events.append("frozen"))
    assert events == ["loaded", "frozen"]


async def test_without_credentials_to_wait_for_the_heap_is_frozen_at_once():
    events: list[str] = []
    await freeze_once_loaded(None, freeze=lambda: events.append("frozen"))
    assert events == ["frozen"]
