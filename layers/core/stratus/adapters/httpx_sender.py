"""HttpSender on httpx: one client per process, no redirects (a redirect could lead a
webhook into a private network)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence

import httpx

from ..ports import HttpResponse

# host -> the addresses it may be reached at; raises to refuse the host
Resolver = Callable[[str], Sequence[str]]


class HttpxSender:
    def __init__(self, resolve: Resolver | None = None) -> None:
        """With ``resolve``, each POST looks its host up once, through it, and connects to
        the address it answered: a DNS answer that changes between the caller's check and
        the connection cannot redirect the POST."""
        self._client: httpx.AsyncClient | None = None
        self._resolve = resolve

    def _get(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(follow_redirects=False, trust_env=False)
        return self._client

    async def post(
        self, url: str, body: bytes, headers: Mapping[str, str], *, timeout: float
    ) -> HttpResponse:
        try:
            extensions: dict[str, str] = {}
            target, sent_headers = httpx.URL(url), dict(headers)
            if self._resolve is not None:
                target, sent_headers, extensions = await self._pinned(target, sent_headers)
            response = await self._get().post(
                target, content=body, headers=sent_headers, timeout=timeout, extensions=extensions
            )
        except httpx.TransportError as exc:
            raise ConnectionError(f"{type(exc).__name__}: {exc}") from exc
        except (httpx.InvalidURL, UnicodeError) as exc:  # e.g. a host that is not valid IDNA
            raise ConnectionError(f"the URL cannot be requested: {exc}") from exc
        return HttpResponse(
            status_code=response.status_code,
            headers=dict(response.headers),
            body=response.text[:100_000],
        )

    async def _pinned(
        self, url: httpx.URL, headers: dict[str, str]
    ) -> tuple[httpx.URL, dict[str, str], dict[str, str]]:
        """The URL aimed at the host's checked address, with the Host header (and the TLS
        server name) of the original, on a connection that is not reused."""
        assert self._resolve is not None
        addresses = await asyncio.to_thread(self._resolve, url.host)
        pinned = url.copy_with(host=addresses[0])
        headers = {**headers, "Host": url.netloc.decode("ascii"), "Connection": "close"}
        extensions = {"sni_hostname": url.raw_host.decode("ascii")} if url.scheme == "https" else {}
        return pinned, headers, extensions

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
