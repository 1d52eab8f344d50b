"""Request-scoped access to the services of the app's container, and small route helpers.

Routes are given the services they use, never the container. The getters are ``async``:
they only read an attribute, and FastAPI runs a plain ``def`` dependency in its thread
pool, one hand-off per dependency per request.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from ..domain.models import Run
from ..ports import ArtifactStore, UploadedFiles
from ..services.browser_profiles import BrowserProfileService
from ..services.browser_sessions import BrowserSessionService
from ..services.keys import KeyService
from ..services.recordings import RecordingService
from ..services.runs import RunService
from ..services.totp import TotpService
from .run_batches import stored_together

if TYPE_CHECKING:
    from ..bootstrap import Container


def container_of(request: Request) -> Container:
    """The app's container (``create_app``): for the getters here and the middleware."""
    container: Container = request.app.state.container
    return container


async def get_runs(request: Request) -> RunService:
    return container_of(request).runs


async def get_url_for(request: Request) -> Callable[[str], str]:
    return container_of(request).artifacts.url_for


async def get_app_url_for(request: Request) -> Callable[[str], str | None]:
    return container_of(request).app_url_for


async def get_artifacts(request: Request) -> ArtifactStore:
    return container_of(request).artifacts


async def get_keys(request: Request) -> KeyService:
    return container_of(request).keys


async def get_totp(request: Request) -> TotpService:
    return container_of(request).totp


async def get_recordings(request: Request) -> RecordingService:
    return container_of(request).recordings


async def get_uploads(request: Request) -> UploadedFiles | None:
    uploads: UploadedFiles | None = getattr(container_of(request), "uploads", None)
    return uploads


async def get_browser_sessions(request: Request) -> BrowserSessionService | None:
    browser_sessions: BrowserSessionService | None = getattr(
        container_of(request), "browser_sessions", None
    )
    return browser_sessions


async def get_browser_profiles(request: Request) -> BrowserProfileService | None:
    browser_profiles: BrowserProfileService | None = getattr(
        container_of(request), "browser_profiles", None
    )
    return browser_profiles


Runs = Annotated[RunService, Depends(get_runs)]
UrlFor = Annotated[Callable[[str], str], Depends(get_url_for)]
AppUrlFor = Annotated[Callable[[str], str | None], Depends(get_app_url_for)]
Artifacts = Annotated[ArtifactStore, Depends(get_artifacts)]
Keys = Annotated[KeyService, Depends(get_keys)]
Totp = Annotated[TotpService, Depends(get_totp)]
Recordings = Annotated[RecordingService, Depends(get_recordings)]
# None where the deployment has none: the route answers 404 saying so
Uploads = Annotated[UploadedFiles | None, Depends(get_uploads)]
BrowserSessions = Annotated[BrowserSessionService | None, Depends(get_browser_sessions)]
BrowserProfiles = Annotated[BrowserProfileService | None, Depends(get_browser_profiles)]


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
    work done on the event loop, unless it may wait on the resolver. Storing and starting it
    are done on the event loop too where they need no waiting (the local database's write
    lock is free), together with the runs other requests create in the same turn of the loop
    (``run_batches``); otherwise they go to one writer thread, so the event loop never waits
    on the database.

    A hand-off to the writer thread costs more than the insert: the thread must win the GIL
    back from a busy event loop after every call into SQLite. Measured with the write-path
    bench (50 in flight, the worker driving the runs), once the uncontended insert stayed on
    the loop: creates per second rose 1.3-2x (more on a busier machine) and the server's CPU
    per create fell by about a third."""
    if runs.preparing_may_resolve_names:
        return await run_in_threadpool(lambda: runs.store_and_start(prepare()))
    run = prepare()
    stored = await stored_together(runs).store_and_start(run)
    if stored is not None:
        return stored
    return await asyncio.get_running_loop().run_in_executor(
        _run_writer(), runs.store_and_start, run
    )


@functools.cache
def _run_writer() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="run-writer")
