"""Liveness, without an API key."""

from __future__ import annotations

from fastapi import APIRouter

from ...contract.responses import HealthObject

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness", responses={200: {"model": HealthObject}})
@router.get("/api/v1/heartbeat", include_in_schema=False)
def health() -> dict[str, str]:
    return {"status": "ok"}
