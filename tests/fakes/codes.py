"""A fake 2FA code source: hands out queued codes, or nothing (a code that never came)."""

from __future__ import annotations

from stratus.domain.models import Run


class FakeCodes:
    def __init__(self, codes: list[str] | None = None) -> None:
        self.codes = list(codes or [])
        self.requests: list[tuple[str, float]] = []

    async def wait_for_code(self, run: Run, *, timeout_seconds: float) -> str | None:
        self.requests.append((run.run_id, timeout_seconds))
        return self.codes.pop(0) if self.codes else None
