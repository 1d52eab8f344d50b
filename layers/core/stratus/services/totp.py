"""2FA codes: pushed by users (totp_identifier) or fetched from their endpoint (totp_url)."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from ..domain.ids import new_id
from ..domain.models import Run, TotpCode
from ..ports import Clock, HttpSender, RunStore, SigningUnavailable, TotpRequestSigner
from .url_guard import UnsafeUrl, check_outbound_url

log = logging.getLogger(__name__)

CODE_WINDOW = timedelta(minutes=10)
_KEYWORD_CODE = re.compile(
    r"(?:code|otp|passcode|pin|verification)\D{0,30}?\b([A-Z0-9]{4,8})\b", re.IGNORECASE
)
_BARE_DIGITS = re.compile(r"(?<!\d)(\d{4,8})(?!\d)")


def parse_code(content: str) -> str | None:
    """The code in a pushed message: the content itself, a code after a keyword, or digits."""
    text = content.strip()
    if re.fullmatch(r"[A-Za-z0-9]{4,10}", text):
        return text
    for match in _KEYWORD_CODE.finditer(text):
        if any(ch.isdigit() for ch in match.group(1)):
            return str(match.group(1))
    six: list[str] = [m for m in _BARE_DIGITS.findall(text) if len(m) == 6]
    if six:
        return six[0]
    digits: list[str] = _BARE_DIGITS.findall(text)
    return digits[0] if digits else None


class TotpService:
    def __init__(self, store: RunStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def push(
        self,
        organization_id: str,
        *,
        totp_identifier: str,
        content: str,
        task_id: str | None = None,
        workflow_run_id: str | None = None,
        source: str | None = None,
        expired_at: datetime | None = None,
    ) -> TotpCode:
        code = TotpCode(
            totp_id=new_id("totp"),
            organization_id=organization_id,
            totp_identifier=totp_identifier,
            content=content,
            code=parse_code(content),
            task_id=task_id,
            workflow_run_id=workflow_run_id,
            source=source,
            expired_at=expired_at,
            created_at=self._clock.now(),
        )
        self._store.add_totp_code(code)
        return code

    def newest_code_for(self, run: Run) -> str | None:
        """The newest usable pushed code: after the run started, within 10 minutes,
        not expired, preferring codes tied to this run."""
        identifier = run.spec.totp_identifier
        if not identifier:
            return None
        now = self._clock.now()
        since = max(run.started_at or run.created_at, now - CODE_WINDOW)
        codes = [
            c
            for c in self._store.find_totp_codes(
                run.organization_id, identifier, created_after=since
            )
            if c.code
            and (c.expired_at is None or c.expired_at > now)
            and (c.task_id in (None, run.run_id))
            and (c.workflow_run_id in (None, run.workflow_run_id))
        ]
        tied = [
            c
            for c in codes
            if c.task_id == run.run_id
            or (run.workflow_run_id and c.workflow_run_id == run.workflow_run_id)
        ]
        chosen = (tied or codes)[:1]
        return chosen[0].code if chosen else None


class VerificationCodeSource:
    """The VerificationCodes port: polls totp_url and pushed codes until one arrives."""

    def __init__(
        self,
        *,
        totp: TotpService,
        signer: TotpRequestSigner,
        http: HttpSender,
        allow_private: bool,
        poll_interval: float = 10.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._totp = totp
        self._signer = signer
        self._http = http
        self._allow_private = allow_private
        self._interval = poll_interval
        self._sleep = sleep

    async def wait_for_code(self, run: Run, *, timeout_seconds: float) -> str | None:
        if not run.spec.totp_url and not run.spec.totp_identifier:
            return None  # nowhere a code could come from: do not wait for nothing
        deadline = time.monotonic() + timeout_seconds
        while True:
            code = self._totp.newest_code_for(run)
            if code is None and run.spec.totp_url:
                code = await self._ask_endpoint(run)
            if code:
                return code
            if time.monotonic() + self._interval > deadline:
                return None
            await self._sleep(self._interval)

    async def _ask_endpoint(self, run: Run) -> str | None:
        url = run.spec.totp_url or ""
        try:
            check_outbound_url(url, allow_private=self._allow_private)
            signed = await self._signer.sign_totp_request(run)
            response = await self._http.post(url, signed.body, signed.headers, timeout=10)
        except (UnsafeUrl, SigningUnavailable, ConnectionError, OSError, TimeoutError) as exc:
            log.warning("2FA endpoint for %s failed: %s", run.run_id, exc)
            return None
        if response.status_code != 200:
            return None
        try:
            value = json.loads(response.body).get("verification_code")
        except (ValueError, AttributeError):
            return None
        return str(value).strip() if value else None
