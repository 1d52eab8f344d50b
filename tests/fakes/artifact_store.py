"""An in-memory ArtifactStore, shared by every "container" of a test like one bucket."""

from __future__ import annotations

import threading

from stratus.ports import NotFound


class MemoryArtifactStore:
    def __init__(self) -> None:
        self.items: dict[str, tuple[bytes, str]] = {}
        self._lock = threading.Lock()

    def put(self, key: str, data: bytes, content_type: str) -> None:
        with self._lock:
            self.items[key] = (bytes(data), content_type)

    def get(self, key: str) -> tuple[bytes, str]:
        with self._lock:
            if key not in self.items:
                raise NotFound(key)
            return self.items[key]

    def url_for(self, key: str) -> str:
        return f"memory://{key}"
