"""Starts the MCP server on stdio or on streamable HTTP (127.0.0.1 by default).

The API it talks to comes from the environment: STRATUS_BASE_URL (default
http://127.0.0.1:8000, what ``stratus serve`` listens on; an AWS stack's ApiUrl works the
same) and STRATUS_API_KEY.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from .api_client import ApiConfig, ApiError, StratusApi

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def api_factory(env: Mapping[str, str] = os.environ) -> Callable[[], StratusApi]:
    base_url = env.get("STRATUS_BASE_URL") or DEFAULT_BASE_URL
    api_key = env.get("STRATUS_API_KEY", "").strip()

    def make() -> StratusApi:
        if not api_key:
            raise ApiError("STRATUS_API_KEY is not set: give the MCP server a Stratus API key")
        return StratusApi(ApiConfig(base_url=base_url, api_key=api_key))

    return make


def serve(transport: str, *, host: str = "127.0.0.1", port: int = 8765) -> None:
    from .tools import build_server

    server = build_server(api_factory())
    if transport == "stdio":
        server.run("stdio")
    else:
        server.run("streamable-http", host=host, port=port, streamable_http_path="/mcp")
