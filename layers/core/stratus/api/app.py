"""The FastAPI application: every route family over one container of services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI

from .. import __version__
from ..contract.json_bounds import MAX_BODY_DEPTH
from ..viewer.pages import install_viewer
from .body_limit import BodyLimitMiddleware
from .docs import install_docs
from .errors import install_error_handlers
from .fast_run_creation import FastRunCreation
from .idempotency import IdempotencyMiddleware
from .json_depth import JsonDepthMiddleware
from .openapi import install_openapi
from .request_id import RequestIdMiddleware
from .routers import (
    artifacts,
    health,
    run_list,
    run_tags,
    runs,
    totp,
    uploads,
    v1_tasks,
    v2_tasks,
    viewer_data,
)
from .routers import browser_profiles as browser_profiles_router
from .routers import browser_sessions as browser_sessions_router

if TYPE_CHECKING:
    from ..bootstrap import Container


def create_app(container: Container) -> FastAPI:
    app = FastAPI(
        title="Stratus",
        version=__version__,
        description="A self-hostable browser agent speaking the Tasks API.",
        docs_url=None,  # served by install_docs, from local assets
        redoc_url=None,
        openapi_url="/openapi.json",
        redirect_slashes=False,
    )
    app.state.container = container
    install_error_handlers(app)
    # A request is matched against the routes in order, each one tried costing about a
    # microsecond: health checks first, then the runs' routes, polled most (a valid create is
    # answered by the fast route ahead of all of these; matched after 22 other routes, as
    # before it existed, creating a run took 371 us of CPU in the app, 337 us after health's).
    routers = (
        health,
        runs,
        v1_tasks,
        v2_tasks,
        run_list,
        run_tags,
        uploads,
        totp,
        artifacts,
        viewer_data,
    )
    app.router.routes.append(FastRunCreation())  # before the declared route it answers for
    for module in routers:
        app.include_router(module.router)
    app.include_router(browser_sessions_router.router)
    app.include_router(browser_profiles_router.router)
    install_viewer(app, container.settings)
    install_openapi(app)
    install_docs(app)
    app.add_middleware(IdempotencyMiddleware)  # innermost: sees bodies already bounded
    app.add_middleware(JsonDepthMiddleware, max_depth=MAX_BODY_DEPTH)
    app.add_middleware(BodyLimitMiddleware, max_bytes=container.settings.max_request_bytes)
    app.add_middleware(RequestIdMiddleware)  # outermost: every response carries the id
    return app
