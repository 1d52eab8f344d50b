"""Serving the viewer: one HTML shell for every page, static modules, strict headers.

The pages hold no data: scripts fetch it from the JSON API with the key the user typed in,
kept in the tab's sessionStorage and sent as ``x-api-key`` (never in a URL or a cookie).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..config import Settings

STATIC = Path(__file__).parent / "static"
SHELL = STATIC / "index.html"
# S3 presigned URLs (screenshots on AWS): virtual-hosted buckets under amazonaws.com
AWS_ARTIFACT_SOURCES = ("https://*.amazonaws.com",)


def _origin(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def content_security_policy(settings: Settings) -> str:
    """No inline script or style; data only from this origin; images and recordings also
    from artifacts."""
    images = ["'self'"]
    origin = _origin(settings.public_base_url or settings.base_url)
    if origin:
        images.append(origin)
    if settings.mode == "aws":
        images.extend(AWS_ARTIFACT_SOURCES)
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {' '.join(dict.fromkeys(images))}",
            f"media-src {' '.join(dict.fromkeys(images))}",
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(settings: Settings) -> list[tuple[bytes, bytes]]:
    headers = {
        "content-security-policy": content_security_policy(settings),
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "x-frame-options": "DENY",
        "cross-origin-opener-policy": "same-origin",
        "cache-control": "no-cache",
    }
    return [(name.encode(), value.encode()) for name, value in headers.items()]


class SecurityHeaders:
    """Adds the viewer's headers to every response of the wrapped app."""

    def __init__(self, app: ASGIApp, headers: list[tuple[bytes, bytes]]) -> None:
        self.app = app
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in self.headers}
                kept = [(n, v) for n, v in message.get("headers", []) if n.lower() not in names]
                message = {**message, "headers": [*kept, *self.headers]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def shell(_: Request) -> Response:
    return FileResponse(SHELL, media_type="text/html")


def viewer_app(settings: Settings) -> ASGIApp:
    pages = Starlette(
        routes=[
            Route("/", shell),
            Route("/new", shell),
            Route("/runs/{run_id}", shell),
            Mount("/static", app=StaticFiles(directory=STATIC)),
        ]
    )
    return SecurityHeaders(pages, security_headers(settings))


def install_viewer(app: FastAPI, settings: Settings) -> None:
    """Serve the viewer at ``/ui/`` (``/ui`` redirects there)."""

    async def to_viewer(_: Request) -> Response:
        return RedirectResponse("/ui/", status_code=308)

    app.add_route("/ui", to_viewer, include_in_schema=False)
    app.mount("/ui", viewer_app(settings), name="viewer")
