"""Ports for what Stratus itself sends out of the browser: webhooks and 2FA polling over
HTTP, the signed request to a run's ``totp_url``, and where the agent gets a 2FA code.
Re-exported by ``ports``, where services import them from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel, Field

from .domain.models import Run


class HttpResponse(BaseModel):
    status_code: int
    headers: dict[str, str] = Field(default_factory=dict)
    body: str = ""


class HttpSender(Protocol):
    """Outbound HTTP for webhooks and 2FA polling (never for the browser)."""

    async def post(
        self, url: str, body: bytes, headers: Mapping[str, str], *, timeout: float
    ) -> HttpResponse:
        """Raises ConnectionError on a transport failure (refused, reset, timed out)."""


@dataclass(frozen=True)
class SignedRequest:
    body: bytes
    headers: dict[str, str]


class SigningUnavailable(Exception):
    """The run's key cannot sign (gone, or the signer failed): nothing is sent unsigned."""


class TotpRequestSigner(Protocol):
    """Builds and signs the request to a run's ``totp_url`` with the key that created it."""

    async def sign_totp_request(self, run: Run) -> SignedRequest: ...


class VerificationCodes(Protocol):
    """Where the agent gets a 2FA code for a run (totp_url polling or pushed codes)."""

    async def wait_for_code(self, run: Run, *, timeout_seconds: float) -> str | None: ...
