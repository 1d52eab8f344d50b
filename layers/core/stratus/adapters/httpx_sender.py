"""HttpSender on httpx: one client per process, no redirects (a redirect could lead a
webhook into a private network)."""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from ..ports import HttpResponse


class HttpxSender:
    def __init__(self) -> None:
        self._client: httpx.AsyncClient | None = None

    def _get(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(follow_redirects=False, trust_env=False)
        return self._client

    async def post(
        self, url: str, body: bytes, headers: Mapping[str, str], *, timeout: float
    ) -> HttpResponse:
        try:
            response = await self._get().post(
                url, content=body, headers=dict(headers), timeout=timeout
            )
        except httpx.TransportError as exc:
            raise ConnectionError(f"{type(exc).__name__}: {exc}") from exc
        return HttpResponse(
            status_code=response.status_code,
            headers=dict(response.headers),
            body=response.text[:100_000],
        )

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
