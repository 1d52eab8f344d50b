"""The MCP tools: run a task (optionally waiting, with a progress notification per step),
get a run with its output, list runs, cancel a run, and fetch a screenshot as an image."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import anyio
from mcp.server.mcpserver import Context, Image, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from ..progress import describe_action
from .api_client import TERMINAL_STATUSES, ApiError, StratusApi

T = TypeVar("T")

INSTRUCTIONS = (
    "Stratus runs browser tasks: give a prompt (and a start URL); the agent browses and "
    "returns the output. Use run_task with wait=true to get the result in one call."
)

RUN_FIELDS = (
    "run_id",
    "status",
    "output",
    "failure_reason",
    "step_count",
    "app_url",
    "created_at",
    "finished_at",
)


def summary(run: dict[str, Any]) -> dict[str, Any]:
    """What an assistant needs of a run (the full object has many more fields)."""
    picked = {name: run.get(name) for name in RUN_FIELDS if name in run}
    picked.setdefault("run_id", run.get("task_id"))
    shots = run.get("screenshot_urls") or []
    picked["screenshots"] = len(shots)
    return picked


def step_message(step: dict[str, Any]) -> str:
    actions = "; ".join(describe_action(a) for a in step.get("actions") or [])
    where = f" at {step['url']}" if step.get("url") else ""
    return f"step {step['order'] + 1} {step['status']}{where}" + (f": {actions}" if actions else "")


class Tools:
    """Each call opens a client on the configured API; errors become tool errors."""

    def __init__(self, api: Callable[[], StratusApi], *, poll_seconds: float = 1.0) -> None:
        self._api = api
        self._poll_seconds = poll_seconds

    async def _with_api(self, use: Callable[[StratusApi], Awaitable[T]]) -> T:
        try:
            api = self._api()
        except ApiError as exc:
            raise ToolError(str(exc)) from None
        try:
            return await use(api)
        except ApiError as exc:
            raise ToolError(str(exc)) from None
        finally:
            await api.aclose()

    async def run_task(
        self,
        prompt: Annotated[str, Field(description="What the browser agent should do.")],
        url: Annotated[str | None, Field(description="The page to start from.")] = None,
        engine: Annotated[
            str | None, Field(description="skyvern-1.0, skyvern-2.0, ... (server default)")
        ] = None,
        data_extraction_schema: Annotated[
            dict[str, Any] | None, Field(description="A JSON schema for the output.")
        ] = None,
        max_steps: Annotated[int | None, Field(ge=1, le=100)] = None,
        wait: Annotated[bool, Field(description="Wait for the run to end.")] = True,
        timeout_seconds: Annotated[float, Field(gt=0, le=3600)] = 600,
        ctx: Context | None = None,
    ) -> dict[str, Any]:
        """Start a browser task; with wait, report each step as progress and return the
        output when the run ends (or its current state when timeout_seconds pass)."""
        body: dict[str, Any] = {"prompt": prompt}
        extra = {
            "url": url,
            "engine": engine,
            "data_extraction_schema": data_extraction_schema,
            "max_steps": max_steps,
        }
        body.update({k: v for k, v in extra.items() if v is not None})

        async def use(api: StratusApi) -> dict[str, Any]:
            run = await api.run_task(body)
            if not wait:
                return summary(run)
            return summary(await self._follow(api, run, timeout_seconds, ctx))

        return await self._with_api(use)

    async def _follow(
        self, api: StratusApi, run: dict[str, Any], timeout: float, ctx: Context | None
    ) -> dict[str, Any]:
        run_id = run["run_id"]
        total = float(run.get("max_steps") or 0) or None
        reported: set[tuple[int, int]] = set()
        deadline = time.monotonic() + timeout
        while True:
            run = await api.get_run(run_id)
            for step in await api.steps(run_id):
                mark = (step["order"], step.get("retry_index", 0))
                if step["status"] in ("created", "running") or mark in reported:
                    continue
                reported.add(mark)
                if ctx is not None:
                    await ctx.report_progress(len(reported), total, step_message(step))
            if run["status"] in TERMINAL_STATUSES or time.monotonic() > deadline:
                return run
            await anyio.sleep(self._poll_seconds)

    async def get_run(self, run_id: str) -> dict[str, Any]:
        """A run's status and output (the extracted data), by run id."""
        return await self._with_api(lambda api: _summary_of(api.get_run(run_id)))

    async def list_runs(
        self,
        status: Annotated[
            list[str] | None, Field(description="Only these statuses, e.g. ['running'].")
        ] = None,
        page: Annotated[int, Field(ge=1)] = 1,
        page_size: Annotated[int, Field(ge=1, le=100)] = 20,
    ) -> dict[str, Any]:
        """The organization's runs, newest first."""

        async def use(api: StratusApi) -> dict[str, Any]:
            runs = await api.list_runs(status=status, page=page, page_size=page_size)
            return {"runs": [summary(run) for run in runs]}

        return await self._with_api(use)

    async def cancel_run(self, run_id: str) -> dict[str, Any]:
        """Cancel a run that has not ended (a running step finishes first; get_run then
        shows it canceled)."""
        return await self._with_api(lambda api: _summary_of(api.cancel_run(run_id)))

    async def get_screenshot(
        self,
        run_id: str,
        index: Annotated[int, Field(ge=0, description="0 is the newest screenshot.")] = 0,
    ) -> Image:
        """A screenshot of the run's browser, as an image."""

        async def use(api: StratusApi) -> Image:
            shots = (await api.get_run(run_id)).get("screenshot_urls") or []
            if index >= len(shots):
                raise ApiError(f"run {run_id} has {len(shots)} screenshot(s); no index {index}")
            data, content_type = await api.download(shots[index])
            kind = content_type.split(";")[0].removeprefix("image/") or "png"
            return Image(data=data, format=kind)

        return await self._with_api(use)


async def _summary_of(pending: Any) -> dict[str, Any]:
    return summary(await pending)


def build_server(api: Callable[[], StratusApi], *, poll_seconds: float = 1.0) -> MCPServer:
    tools = Tools(api, poll_seconds=poll_seconds)
    server = MCPServer("stratus", instructions=INSTRUCTIONS, log_level="WARNING")
    for tool in (
        tools.run_task,
        tools.get_run,
        tools.list_runs,
        tools.cancel_run,
        tools.get_screenshot,
    ):
        server.add_tool(tool)
    return server
