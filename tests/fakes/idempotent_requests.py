"""IdempotentRequests in a dict, under a lock (the contract's reference behaviour)."""

from __future__ import annotations

import dataclasses
import threading

from stratus.ports import IdempotentRequest


class MemoryIdempotentRequests:
    def __init__(self) -> None:
        self._items: dict[tuple[str, str], IdempotentRequest] = {}
        self._lock = threading.Lock()

    def claim(self, request: IdempotentRequest) -> IdempotentRequest | None:
        with self._lock:
            held = self._items.get((request.organization_id, request.key))
            if held is not None and held.expires_at > request.created_at:
                return held
            self._items[(request.organization_id, request.key)] = request
            return None

    def answer(
        self, organization_id: str, key: str, status_code: int, content_type: str, body: str
    ) -> None:
        with self._lock:
            held = self._items.get((organization_id, key))
            if held is not None:
                self._items[(organization_id, key)] = dataclasses.replace(
                    held, status_code=status_code, content_type=content_type, body=body
                )

    def release(self, organization_id: str, key: str) -> None:
        with self._lock:
            self._items.pop((organization_id, key), None)
