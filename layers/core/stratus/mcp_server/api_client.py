"""The Stratus API as the MCP tools use it: HTTP with an API key, local or AWS alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

TERMINAL_STATUSES = frozenset({"completed", "failed", "terminated", "timed_out", "canceled"})


class ApiError(Exception):
    """The API answered with an error, or could not be reached; the message says which."""


@dataclass(frozen=True)
class ApiConfig:
    base_url: str
    api_key: str
    timeout_seconds: float = 30.0


class StratusApi:
    def __init__(self, config: ApiConfig, *, transport: httpx.AsyncBaseTransport | None = None):
        self._base_url = config.base_url.rstrip("/")
        self._client = httpx.AsyncClient(
            base_url=self._base_url,
            headers={"x-api-key": config.api_key},
            timeout=config.timeout_seconds,
            transport=transport,
        )
        # artifact URLs are signed already; the API key stays off other hosts (S3)
        self._downloads = httpx.AsyncClient(timeout=config.timeout_seconds, transport=transport)

    async def aclose(self) -> None:
        await self._client.aclose()
        await self._downloads.aclose()

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            reply = await self._client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise ApiError(f"cannot reach the Stratus API at {self._base_url}: {exc}") from None
        if reply.status_code in (401, 403):
            raise ApiError(
                f"the Stratus API refused the API key (HTTP {reply.status_code}): "
                f"{_detail(reply)}; check STRATUS_API_KEY"
            )
        if reply.status_code >= 400:
            raise ApiError(f"the Stratus API answered HTTP {reply.status_code}: {_detail(reply)}")
        return reply.json()

    async def run_task(self, body: dict[str, Any]) -> dict[str, Any]:
        run: dict[str, Any] = await self._call("POST", "/v1/run/tasks", json=body)
        return run

    async def get_run(self, run_id: str) -> dict[str, Any]:
        run: dict[str, Any] = await self._call("GET", f"/v1/runs/{_segment(run_id)}")
        return run

    async def steps(self, run_id: str) -> list[dict[str, Any]]:
        steps: list[dict[str, Any]] = await self._call(
            "GET", f"/api/v1/tasks/{_segment(run_id)}/steps"
        )
        return steps

    async def list_runs(
        self, *, status: list[str] | None, page: int, page_size: int
    ) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"page": page, "page_size": page_size}
        if status:
            params["status"] = status
        runs: list[dict[str, Any]] = await self._call("GET", "/v1/viewer/runs", params=params)
        return runs

    async def cancel_run(self, run_id: str) -> dict[str, Any]:
        await self._call("POST", f"/v1/runs/{_segment(run_id)}/cancel")
        return await self.get_run(run_id)

    async def download(self, url: str) -> tuple[bytes, str]:
        """An artifact by its (signed) URL: the API's own or a presigned S3 one."""
        try:
            reply = await self._downloads.get(url)
        except httpx.HTTPError as exc:
            raise ApiError(f"cannot download {url}: {exc}") from None
        if reply.status_code >= 400:
            raise ApiError(f"the screenshot could not be downloaded (HTTP {reply.status_code})")
        return reply.content, reply.headers.get("content-type", "image/png")


def _segment(value: str) -> str:
    if not value or "/" in value or len(value) > 128:
        raise ApiError(f"{value!r} is not a run id")
    return value


def _detail(reply: httpx.Response) -> str:
    try:
        body = reply.json()
    except ValueError:
        return reply.text[:300] or reply.reason_phrase
    detail = body.get("detail") if isinstance(body, dict) else None
    return str(detail if detail is not None else body)[:300]
