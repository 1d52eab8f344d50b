"""Liveness, without an API key."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness")
@router.get("/api/v1/heartbeat", include_in_schema=False)
def health() -> dict[str, str]:
    return {"status": "ok"}
