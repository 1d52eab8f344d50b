"""IdempotentRequests in a dict, under a lock (the contract's reference behaviour)."""

from __future__ import annotations

import dataclasses
import threading
from datetime import datetime

from stratus.ports import IdempotentRequest


class MemoryIdempotentRequests:
    def __init__(self) -> None:
        self._items: dict[tuple[str, str], IdempotentRequest] = {}
        self._lock = threading.Lock()

    def claim(
        self, request: IdempotentRequest, *, abandoned_before: datetime | None = None
    ) -> IdempotentRequest | None:
        with self._lock:
            held = self._items.get((request.organization_id, request.key))
            abandoned = (
                held is not None
                and held.status_code is None
                and abandoned_before is not None
                and held.created_at < abandoned_before
            )
            if held is not None and held.expires_at > request.created_at and not abandoned:
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

    def release(self, organization_id: str, key: str, claimed_at: datetime | None = None) -> None:
        with self._lock:
            held = self._items.get((organization_id, key))
            if held is None:
                return
            if claimed_at is not None and (
                held.created_at != claimed_at or held.status_code is not None
            ):
                return
            del self._items[(organization_id, key)]
