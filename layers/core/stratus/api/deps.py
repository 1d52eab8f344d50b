"""Request-scoped access to the services of the app's container, and small route helpers.

The getters are ``async``: they only read an attribute, and FastAPI runs a plain ``def``
dependency in its thread pool, one hand-off per dependency per request.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from ..domain.models import Run
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


async def create_prepared(runs: RunService, prepare: Callable[[], Run]) -> Run:
    """Create a run from an async route. Preparing it (checks, building the run) is Python
    work done on the event loop, unless it may wait on the resolver; storing and starting it
    go to one writer thread, so the event loop never waits on the database.

    Under load this costs about half the CPU of a plain ``def`` route, whose Python work runs
    in a pool thread trading the GIL with the event loop, and whose writes queue on the
    database's lock from many threads at once."""
    if runs.preparing_may_resolve_names:
        return await run_in_threadpool(lambda: runs.store_and_start(prepare()))
    run = prepare()
    return await asyncio.get_running_loop().run_in_executor(
        _run_writer(), runs.store_and_start, run
    )


@functools.cache
def _run_writer() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="run-writer")
