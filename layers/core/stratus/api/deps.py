"""Request-scoped access to the services of the app's container, and small route helpers.

The getters are ``async``: they only read an attribute, and FastAPI runs a plain ``def``
dependency in its thread pool, one hand-off per dependency per request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from ..services.runs import RunService


async def get_container(request: Request) -> Any:
    return request.app.state.container


async def get_runs(request: Request) -> RunService:
    return request.app.state.container.runs


async def get_url_for(request: Request) -> Callable[[str], str]:
    return request.app.state.container.artifacts.url_for


async def get_app_url_for(request: Request) -> Callable[[str], str | None]:
    return request.app.state.container.app_url_for


Container = Annotated[Any, Depends(get_container)]
Runs = Annotated[RunService, Depends(get_runs)]
UrlFor = Annotated[Callable[[str], str], Depends(get_url_for)]
AppUrlFor = Annotated[Callable[[str], str | None], Depends(get_app_url_for)]


def with_trailing_slash(
    register: Callable[..., Any], path: str, **kwargs: Any
) -> Callable[..., Any]:
    """Register a route at ``path`` and, outside the schema, at ``path + "/"``."""

    def decorator(endpoint: Callable[..., Any]) -> Callable[..., Any]:
        register(path, **kwargs)(endpoint)
        slash_kwargs = {k: v for k, v in kwargs.items() if k not in ("summary", "description")}
        slash_kwargs["include_in_schema"] = False
        register(path + "/", **slash_kwargs)(endpoint)
        return endpoint

    return decorator
