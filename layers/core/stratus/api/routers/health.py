"""Liveness, without an API key."""

from __future__ import annotations

from fastapi import APIRouter

from ... import __version__
from ...contract.responses import HealthObject, VersionObject

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness", responses={200: {"model": HealthObject}})
@router.get("/api/v1/heartbeat", include_in_schema=False)
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/v1/version",
    summary="The server's version (no API key needed)",
    responses={200: {"model": VersionObject}},
)
def version() -> dict[str, str]:
    return {"version": __version__}
