"""Services a deployment may leave out: their routes answer 404 there."""

from __future__ import annotations

from typing import TypeVar

from fastapi import HTTPException

Service = TypeVar("Service")


def offered(service: Service | None, what: str) -> Service:
    """The service, or a 404 saying ``what`` this deployment does not offer."""
    if service is None:
        raise HTTPException(404, f"{what} are not available in this deployment")
    return service
