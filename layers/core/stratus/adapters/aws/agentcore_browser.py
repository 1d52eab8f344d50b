"""RemoteBrowserEndpoints on Amazon Bedrock AgentCore Browser: one remote Chromium per run.

A run's steps run in separate Lambda invocations, often on different containers. With this
backend the run's browser lives in an AgentCore browser session instead of the container, so
the live page (a single-page app's memory, a half-finished login, typed values) is still
there for the next step. Playwright reaches the session over CDP on the session's automation
stream, a WebSocket authorized by SigV4 headers (service ``bedrock-agentcore``).

Which session belongs to a run is kept in the artifact store under ``remote/<run_id>.json``,
next to the run's saved browser state: any container reads it, the run's steps never
overlap (a step holds the run's lease), S3 reads see the latest write, and no run or
table schema changes. Each start also sends an idempotency token derived from the run id and
the number of starts so far, so two containers that both missed the record get the same
session from AgentCore rather than two.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.exceptions import ClientError

from ...config import Settings
from ...domain.models import Run
from ...ports import ArtifactStore, CdpEndpoint, NotFound

log = logging.getLogger(__name__)

SERVICE = "bedrock-agentcore"
READY = "READY"
# Answers to GetBrowserSession / StopBrowserSession that mean the session is already gone.
GONE_CODES = frozenset({"ResourceNotFoundException", "ConflictException"})


class RemoteBrowserStopped(RuntimeError):
    """The run's remote browser was stopped at the run's end; the run cannot use it again."""


def remote_key(run_id: str) -> str:
    return f"remote/{run_id}.json"


def sign_stream_request(url: str, credentials: Any, region: str) -> dict[str, str]:
    """SigV4 headers for the WebSocket upgrade (a GET) of ``url``, a ws:// or wss:// URL.

    ``credentials`` has ``access_key``, ``secret_key`` and ``token`` (botocore's frozen
    credentials). The signature covers the host and the date, so the headers are good for
    a connection opened within a few minutes.
    """
    parts = urlsplit(url)
    scheme = {"wss": "https", "ws": "http"}.get(parts.scheme, parts.scheme)
    http_url = urlunsplit((scheme, parts.netloc, parts.path, parts.query, ""))
    request = AWSRequest(method="GET", url=http_url, headers={"host": parts.netloc})
    SigV4Auth(credentials, SERVICE, region).add_auth(request)
    headers = {
        "Host": parts.netloc,
        "X-Amz-Date": request.headers["X-Amz-Date"],
        "Authorization": request.headers["Authorization"],
    }
    if credentials.token:
        headers["X-Amz-Security-Token"] = credentials.token
    return headers


@dataclass
class SessionRecord:
    """What is kept under ``remote/<run_id>.json``."""

    browser_identifier: str
    session_id: str
    starts: int  # sessions started for the run so far (a new one when the last ended)
    stopped: bool = False

    def encode(self) -> bytes:
        return json.dumps(asdict(self)).encode()

    @classmethod
    def decode(cls, data: bytes) -> SessionRecord:
        raw = json.loads(data.decode())
        return cls(
            browser_identifier=str(raw["browser_identifier"]),
            session_id=str(raw["session_id"]),
            starts=int(raw.get("starts", 1)),
            stopped=bool(raw.get("stopped", False)),
        )


class AgentCoreBrowserEndpoints:
    """``client`` is a boto3 ``bedrock-agentcore`` client (the data plane); ``credentials``
    returns frozen credentials to sign the automation stream with."""

    def __init__(
        self,
        client: Any,
        store: ArtifactStore,
        *,
        region: str,
        credentials: Callable[[], Any],
        browser_id: str = "aws.browser.v1",
        session_timeout_seconds: int = 3600,
        viewport: tuple[int, int] = (1280, 800),
    ) -> None:
        self._client = client
        self._store = store
        self._region = region
        self._credentials = credentials
        self._browser_id = browser_id
        self._timeout = session_timeout_seconds
        self._viewport = viewport

    async def endpoint(self, run: Run) -> CdpEndpoint:
        url = await asyncio.to_thread(self._ready_stream, run.run_id)
        return CdpEndpoint(url, sign_stream_request(url, self._credentials(), self._region))

    async def release(self, run_id: str) -> None:
        await asyncio.to_thread(self._stop, run_id)

    # -- the session ------------------------------------------------------------------
    def _ready_stream(self, run_id: str) -> str:
        """The automation stream URL of the run's READY session, starting one if needed."""
        record = self._load(run_id)
        if record is not None:
            if record.stopped:
                raise RemoteBrowserStopped(f"the remote browser of run {run_id} was stopped")
            reply = self._describe(record)
            if reply is not None and reply.get("status") == READY:
                return self._stream_url(reply, record)
            log.info(
                "remote browser session %s of run %s has ended; starting another",
                record.session_id,
                run_id,
            )
        starts = (record.starts if record is not None else 0) + 1
        width, height = self._viewport
        reply = self._client.start_browser_session(
            browserIdentifier=self._browser_id,
            name=_session_name(run_id),
            sessionTimeoutSeconds=self._timeout,
            viewPort={"width": width, "height": height},
            clientToken=_client_token(run_id, starts),
        )
        record = SessionRecord(
            browser_identifier=reply.get("browserIdentifier") or self._browser_id,
            session_id=reply["sessionId"],
            starts=starts,
        )
        self._store.put(remote_key(run_id), record.encode(), "application/json")
        log.info("started remote browser session %s for run %s", record.session_id, run_id)
        return self._stream_url(reply, record)

    def _describe(self, record: SessionRecord) -> dict[str, Any] | None:
        try:
            return self._client.get_browser_session(
                browserIdentifier=record.browser_identifier, sessionId=record.session_id
            )
        except ClientError as error:
            if _code(error) in GONE_CODES:
                return None
            raise

    def _stop(self, run_id: str) -> None:
        record = self._load(run_id)
        if record is None or record.stopped:
            return
        try:
            self._client.stop_browser_session(
                browserIdentifier=record.browser_identifier, sessionId=record.session_id
            )
        except ClientError as error:
            if _code(error) not in GONE_CODES:
                # Left recorded: a later final release tries again; the session's own
                # timeout ends it otherwise.
                log.warning(
                    "could not stop remote browser session %s of run %s: %s",
                    record.session_id,
                    run_id,
                    error,
                )
                return
        record.stopped = True
        self._store.put(remote_key(run_id), record.encode(), "application/json")
        log.info("stopped remote browser session %s of run %s", record.session_id, run_id)

    def _load(self, run_id: str) -> SessionRecord | None:
        try:
            data, _ = self._store.get(remote_key(run_id))
        except NotFound:
            return None
        try:
            return SessionRecord.decode(data)
        except (ValueError, KeyError, TypeError):
            log.warning("unreadable remote browser record for run %s", run_id)
            return None

    def _stream_url(self, reply: dict[str, Any], record: SessionRecord) -> str:
        stream = reply.get("streams", {}).get("automationStream", {})
        if stream.get("streamStatus") == "DISABLED":
            log.warning("automation stream of session %s is disabled", record.session_id)
        url = stream.get("streamEndpoint")
        if url:
            return str(url)
        host = urlsplit(self._client.meta.endpoint_url).netloc
        return (
            f"wss://{host}/browser-streams/{record.browser_identifier}"
            f"/sessions/{record.session_id}/automation"
        )


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _session_name(run_id: str) -> str:
    return ("stratus_" + re.sub(r"[^A-Za-z0-9_]", "_", run_id))[:48]


def _client_token(run_id: str, starts: int) -> str:
    """The idempotency token of the run's ``starts``-th session (64 hex characters)."""
    return hashlib.sha256(f"{run_id}:{starts}".encode()).hexdigest()


def build_agentcore_browser(
    settings: Settings, store: ArtifactStore, *, session: Any = None
) -> AgentCoreBrowserEndpoints:
    """The AgentCore backend for ``settings``; ``session`` is a boto3 Session (default: new)."""
    import boto3

    from . import CLIENT_CONFIG

    session = session or boto3.session.Session(region_name=os.environ.get("AWS_REGION"))
    client = session.client(SERVICE, config=CLIENT_CONFIG)

    def credentials() -> Any:
        found = session.get_credentials()
        if found is None:
            raise RuntimeError("no AWS credentials to sign the remote browser stream with")
        return found.get_frozen_credentials()  # refreshed when the role's session rotates

    return AgentCoreBrowserEndpoints(
        client,
        store,
        region=client.meta.region_name,
        credentials=credentials,
        browser_id=settings.agentcore_browser_id,
        session_timeout_seconds=settings.agentcore_session_timeout_seconds,
        viewport=(settings.viewport_width, settings.viewport_height),
    )


__all__ = [
    "AgentCoreBrowserEndpoints",
    "RemoteBrowserStopped",
    "SessionRecord",
    "build_agentcore_browser",
    "remote_key",
    "sign_stream_request",
]
