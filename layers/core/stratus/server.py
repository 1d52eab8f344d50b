"""The embedded server: the API and the local worker in one process, on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

import uvicorn

from .bootstrap import Container
from .start_up_heap import freeze_once_loaded

log = logging.getLogger(__name__)


def _print_access_log() -> None:
    """One line per request on stderr (request id, organization, route, status, latency)."""
    access = logging.getLogger("stratus.access")
    if not access.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s access %(message)s"))
        access.addHandler(handler)
        access.setLevel(logging.INFO)
        access.propagate = False


class EmbeddedServer:
    """uvicorn + the local worker sharing one event loop."""

    def __init__(self, container: Container) -> None:
        from .api.app import create_app

        self.container = container
        settings = container.settings
        config = uvicorn.Config(
            create_app(container),
            host=settings.host,
            port=settings.port,
            log_level="warning",
            lifespan="off",
        )
        self._server = uvicorn.Server(config)
        self._stop = asyncio.Event()
        _print_access_log()

    @property
    def port(self) -> int:
        port: int = self._server.servers[0].sockets[0].getsockname()[1]
        return port

    @property
    def started(self) -> bool:
        return self._server.started

    def stop(self) -> None:
        self._server.should_exit = True
        self._stop.set()

    async def serve(self) -> None:
        worker = asyncio.create_task(self.container.worker.run_forever(self._stop))
        try:
            await self._server.serve()
        finally:
            self._stop.set()
            await worker
            with contextlib.suppress(Exception):  # shutting down: nothing left to tell
                await self.container.browser.close()
            close_http = getattr(self.container.http, "aclose", None)
            if close_http is not None:
                with contextlib.suppress(Exception):  # shutting down: nothing left to tell
                    await close_http()


def _missing_model_keys(container: Container) -> list[str]:
    checker = container.model_credentials
    model = container.settings.model
    return checker.missing(model) if checker is not None and model else []


async def serve_forever(container: Container) -> None:
    server = EmbeddedServer(container)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, server.stop)
    task = asyncio.create_task(server.serve())
    freezing: asyncio.Task[None] | None = None
    while not server.started and not task.done():
        await asyncio.sleep(0.05)
    if server.started:
        settings = container.settings
        print(f"Stratus listening on http://{settings.host}:{server.port}", flush=True)
        print(f"  model: {settings.model or 'built-in planner (no model)'}", flush=True)
        missing = await asyncio.to_thread(_missing_model_keys, container)
        if missing:
            print(
                f"  warning: the model needs {', '.join(missing)}, which is not set; runs "
                "using it are refused until it is",
                flush=True,
            )
        print(f"  data: {settings.data_dir.resolve()}", flush=True)
        freezing = asyncio.create_task(freeze_once_loaded(container.model_credentials))
    try:
        await task
    finally:
        if freezing is not None and not freezing.done():
            freezing.cancel()  # stopped while litellm still loads: nothing to freeze for
