"""A fake ``bedrock-agentcore`` data-plane client: browser sessions kept in memory.

Every call's parameters are checked against botocore's model of the real service, so a
call the real client would refuse fails here too.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import botocore.session
from botocore.exceptions import ClientError
from botocore.validate import validate_parameters

ENDPOINT = "https://bedrock-agentcore.us-west-2.amazonaws.com"
_MODEL = botocore.session.get_session().get_service_model("bedrock-agentcore")


def aws_stream_url(browser_id: str, session_id: str) -> str:
    host = ENDPOINT.removeprefix("https://")
    return f"wss://{host}/browser-streams/{browser_id}/sessions/{session_id}/automation"


class FakeAgentCoreClient:
    """``stream_url(browser_id, session_id)`` is the automation stream a session reports."""

    def __init__(self, stream_url: Callable[[str, str], str] = aws_stream_url) -> None:
        self.sessions: dict[str, dict[str, Any]] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.meta = SimpleNamespace(endpoint_url=ENDPOINT, region_name="us-west-2")
        self._stream_url = stream_url
        self._by_token: dict[str, str] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def _record(self, operation: str, params: dict[str, Any]) -> None:
        validate_parameters(params, _MODEL.operation_model(operation).input_shape)
        self.calls.append((operation, params))

    def calls_of(self, operation: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == operation]

    def _streams(self, browser_id: str, session_id: str) -> dict[str, Any]:
        return {
            "automationStream": {
                "streamEndpoint": self._stream_url(browser_id, session_id),
                "streamStatus": "ENABLED",
            },
            "liveViewStream": {"streamEndpoint": "https://live.invalid/"},
        }

    def start_browser_session(self, **params: Any) -> dict[str, Any]:
        with self._lock:
            self._record("StartBrowserSession", params)
            token = params.get("clientToken")
            session_id = self._by_token.get(token) if token else None
            if session_id is None:
                session_id = f"01SESSION{next(self._ids):04d}"
                self.sessions[session_id] = {
                    "browserIdentifier": params["browserIdentifier"],
                    "sessionId": session_id,
                    "status": "READY",
                    "sessionTimeoutSeconds": params.get("sessionTimeoutSeconds", 900),
                    "viewPort": params.get("viewPort"),
                }
                if token:
                    self._by_token[token] = session_id
            found = self.sessions[session_id]
            return {
                "browserIdentifier": found["browserIdentifier"],
                "sessionId": session_id,
                "createdAt": datetime.now(UTC),
                "streams": self._streams(found["browserIdentifier"], session_id),
            }

    def get_browser_session(self, **params: Any) -> dict[str, Any]:
        with self._lock:
            self._record("GetBrowserSession", params)
            found = self._find(params, "GetBrowserSession")
            return {
                **found,
                "streams": self._streams(found["browserIdentifier"], found["sessionId"]),
            }

    def stop_browser_session(self, **params: Any) -> dict[str, Any]:
        with self._lock:
            self._record("StopBrowserSession", params)
            found = self._find(params, "StopBrowserSession")
            found["status"] = "TERMINATED"
            return {
                "browserIdentifier": found["browserIdentifier"],
                "sessionId": found["sessionId"],
                "lastUpdatedAt": datetime.now(UTC),
            }

    def end(self, session_id: str) -> None:
        """The session ends on its own (its timeout passed)."""
        self.sessions[session_id]["status"] = "TERMINATED"

    def forget(self, session_id: str) -> None:
        """The service no longer knows the session."""
        del self.sessions[session_id]

    def _find(self, params: dict[str, Any], operation: str) -> dict[str, Any]:
        found = self.sessions.get(params["sessionId"])
        if found is None or found["browserIdentifier"] != params["browserIdentifier"]:
            raise ClientError(
                {"Error": {"Code": "ResourceNotFoundException", "Message": "no such session"}},
                operation,
            )
        return found

    def ready(self) -> list[str]:
        return [sid for sid, found in self.sessions.items() if found["status"] == "READY"]
