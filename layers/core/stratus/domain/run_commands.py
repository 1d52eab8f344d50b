"""What the run service is asked to do, in its own terms: the API (and the other ways runs
are requested) translate their requests into these."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from .models import Run


@dataclass(frozen=True)
class RunOrigin:
    """Who creates the run, when, and the limits that apply to them."""

    organization_id: str
    api_key_id: str | None
    now: datetime
    default_max_steps: int
    org_max_steps: int | None = None
    max_steps_override: int | None = None
    max_iterations_override: int | None = None
    user_agent: str | None = None


# the new run a request describes, once its origin and a maker of ids (by prefix) are known
RunBuilder = Callable[[RunOrigin, Callable[[str], str]], Run]


@dataclass(frozen=True)
class CallbackUrl:
    """A URL the service will call for the run (its webhook, its 2FA code source)."""

    field: str  # the request's name for it: a refusal names the field
    url: str


@dataclass(frozen=True)
class CreateRun:
    """Create a run: how to build it, the URLs to check before anything is stored, and the
    headers for connecting to its browser, which are kept sealed only."""

    build: RunBuilder
    webhook: CallbackUrl | None = None
    totp: CallbackUrl | None = None
    cdp_connect_headers: Mapping[str, str | None] = field(default_factory=dict)
    user_agent: str | None = None
    max_steps_override: int | None = None
    max_iterations_override: int | None = None
