"""``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) that work without internet: their scripts,
styles and icon are served from ``/docs-assets``, the copies the ``fastapi-offline`` package
ships (Swagger UI 5, which renders OpenAPI 3.1, and ReDoc), never from a CDN."""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_PATH = "/docs-assets"


def _assets_dir() -> str:
    return str(files("fastapi_offline") / "static")


def install_docs(app: FastAPI, *, docs_url: str = "/docs", redoc_url: str = "/redoc") -> None:
    """Call with the app built with ``docs_url=None, redoc_url=None``."""
    app.mount(ASSETS_PATH, StaticFiles(directory=_assets_dir()), name="docs-assets")

    def assets(request: Request) -> str:
        return f"{request.scope.get('root_path', '')}{ASSETS_PATH}"

    def openapi_url(request: Request) -> str:
        return f"{request.scope.get('root_path', '')}{app.openapi_url}"

    @app.get(docs_url, include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        base = assets(request)
        return get_swagger_ui_html(
            openapi_url=openapi_url(request),
            title=f"{app.title} - API docs",
            swagger_js_url=f"{base}/swagger-ui-bundle.js",
            swagger_css_url=f"{base}/swagger-ui.css",
            swagger_favicon_url=f"{base}/favicon.png",
            oauth2_redirect_url=None,
            # no badge fetched from the public validator
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get(redoc_url, include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        base = assets(request)
        return get_redoc_html(
            openapi_url=openapi_url(request),
            title=f"{app.title} - API reference",
            redoc_js_url=f"{base}/redoc.standalone.js",
            redoc_favicon_url=f"{base}/favicon.png",
            with_google_fonts=False,
        )
