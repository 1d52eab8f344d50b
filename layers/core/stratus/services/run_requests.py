"""Runs requested by other services (EventBridge, SQS) and by batch files.

A request is the body of ``POST /v1/run/tasks`` plus a client-chosen ``idempotency_key``.
Who asks is never read from the request: the caller's verified identity (the event's
account, the SQS sender) is looked up in the configured sources, and an unknown source is
refused (and the refusal published). The first request with a key claims it for a new run
id; a repeat answers that run, so at-least-once delivery creates one run. A request that
can never succeed is kept with its reason in the dead-letter store; a passing problem
(throttling, a store outage) is raised so that the delivery is retried.

A request may name ``reply_to``, an SQS queue or SNS topic ARN that also receives the run's
"Run Finished" detail. It is served only when the configured destinations of the caller's
organization include that ARN; otherwise the request is refused like an unknown source.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from ..contract.requests import RunTaskRequest
from ..contract.spec import V2_ENGINES
from ..contract.validation_text import problems
from ..domain.ids import new_id
from ..domain.models import Run
from ..ports import Conflict, DeadLetters, IdempotencyKeys, RequestEvents, RunStore
from .errors import InvalidRequest

log = logging.getLogger(__name__)

RUN_REQUESTED = "Run Requested"
RUN_REQUEST_REFUSED = "Run Request Refused"

IdempotencyKey = Annotated[
    str, StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._:/=+@-]+$")
]
DESTINATION_PATTERN = r"^arn:aws[a-z-]*:(sqs|sns):[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]{1,256}$"
DestinationArn = Annotated[str, StringConstraints(pattern=DESTINATION_PATTERN)]
ENVELOPE_FIELDS = ("idempotency_key", "reply_to")


class RequestEnvelope(BaseModel):
    """Only the key is read here; the rest is validated as a ``POST /v1/run/tasks`` body."""

    model_config = ConfigDict(extra="allow")

    idempotency_key: IdempotencyKey
    reply_to: DestinationArn | None = None


class Unservable(Exception):
    """A request that no retry can serve; kept with this reason."""


class Refused(Unservable):
    """Refused by configuration (the refusal is published)."""


class SourceRefused(Refused):
    """The source is mapped to no organization."""


class DestinationRefused(Refused):
    """The reply destination is not one the organization allows."""


@dataclass(frozen=True)
class Accepted:
    run: Run
    created: bool  # False: the key was seen before and this is its run


class RunCreator(Protocol):
    """What the service needs of RunService."""

    def create_requested(
        self,
        organization_id: str,
        body: RunTaskRequest,
        *,
        run_id: str,
        idempotency_key: str,
        reply_to: str | None = None,
    ) -> Run: ...


@dataclass(frozen=True)
class ParsedRequest:
    idempotency_key: str
    body: RunTaskRequest
    reply_to: str | None = None


def parse_request(raw: Any) -> ParsedRequest:
    """The key, run body and reply destination of a request, or Unservable with the reason."""
    if not isinstance(raw, Mapping):
        raise Unservable("the request is not a JSON object")
    try:
        envelope = RequestEnvelope.model_validate(raw)
        body = RunTaskRequest.model_validate(
            {k: v for k, v in raw.items() if k not in ENVELOPE_FIELDS}
        )
    except ValidationError as exc:
        found = "; ".join(f"{field}: {message}" for field, message in problems(exc))
        raise Unservable(f"invalid request: {found}") from None
    return ParsedRequest(envelope.idempotency_key, body, envelope.reply_to)


def parse_sources(text: str) -> dict[str, str]:
    """``"account:111122223333=o_1, principal:AROAEXAMPLE=o_2"`` as a mapping."""
    sources: dict[str, str] = {}
    for pair in filter(None, (part.strip() for part in text.split(","))):
        source, sep, organization = pair.partition("=")
        if not sep or not source.strip() or not organization.strip():
            raise ValueError(f"request source {pair!r} is not SOURCE=ORGANIZATION_ID")
        sources[source.strip()] = organization.strip()
    return sources


def parse_destinations(text: str) -> dict[str, frozenset[str]]:
    """``"o_1=arn:aws:sqs:...:q, o_1=arn:aws:sns:...:t"``: each organization's destinations."""
    allowed: dict[str, set[str]] = {}
    for pair in filter(None, (part.strip() for part in text.split(","))):
        organization, sep, arn = pair.partition("=")
        organization, arn = organization.strip(), arn.strip()
        if not sep or not organization or not arn:
            raise ValueError(f"reply destination {pair!r} is not ORGANIZATION_ID=ARN")
        if re.match(DESTINATION_PATTERN, arn) is None:
            raise ValueError(f"reply destination {arn!r} is not an SQS queue or SNS topic ARN")
        allowed.setdefault(organization, set()).add(arn)
    return {organization: frozenset(arns) for organization, arns in allowed.items()}


class RunRequests:
    def __init__(
        self,
        runs: RunCreator,
        store: RunStore,
        keys: IdempotencyKeys,
        sources: Mapping[str, str],
        events: RequestEvents,
        dead_letters: DeadLetters,
        *,
        destinations: Mapping[str, frozenset[str]] | None = None,
        id_factory: Callable[[str], str] = new_id,
    ) -> None:
        self._runs = runs
        self._store = store
        self._keys = keys
        self._sources = dict(sources)
        self._events = events
        self._dead_letters = dead_letters
        self._destinations = dict(destinations or {})
        self._new_id = id_factory

    def organization_for(self, sources: tuple[str, ...]) -> str:
        """The organization of the first configured source among the caller's identities."""
        for source in sources:
            if source in self._sources:
                return self._sources[source]
        raise SourceRefused(
            f"source {' / '.join(sources) or 'unknown'} is mapped to no organization"
        )

    def handle(self, sources: tuple[str, ...], raw: Any, *, channel: str) -> Accepted | None:
        """One delivered request: its run, or None when it was refused or dead-lettered."""
        described = " / ".join(sources) or "unknown"
        try:
            organization_id = self.organization_for(sources)
            return self.submit(organization_id, raw)
        except Unservable as exc:
            reason = str(exc)
            if isinstance(exc, Refused):
                self._events.publish_request_refused(
                    {
                        "reason": reason,
                        "source": described,
                        "channel": channel,
                        "idempotency_key": _key_of(raw),
                    }
                )
            log.warning("run request from %s not served: %s", described, reason)
            self._dead_letters.put(reason, raw, source=described)
            return None

    def dead_letter(self, reason: str, raw: Any, sources: tuple[str, ...]) -> None:
        self._dead_letters.put(reason, raw, source=" / ".join(sources) or "unknown")

    def submit(self, organization_id: str, raw: Any) -> Accepted:
        """Creates the request's run, or answers the run its key already names."""
        parsed = parse_request(raw)
        key, body = parsed.idempotency_key, parsed.body
        if parsed.reply_to is not None and parsed.reply_to not in self._destinations.get(
            organization_id, frozenset()
        ):
            raise DestinationRefused(
                f"reply_to {parsed.reply_to} is not a destination organization "
                f"{organization_id} allows"
            )
        prefix = "tsk_v2" if body.engine in V2_ENGINES else "tsk"
        run_id = self._keys.claim(organization_id, key, self._new_id(prefix))
        existing = self._store.get_run(run_id)
        if existing is not None:
            return Accepted(existing, created=False)
        try:
            run = self._runs.create_requested(
                organization_id,
                body,
                run_id=run_id,
                idempotency_key=key,
                reply_to=parsed.reply_to,
            )
        except Conflict:  # created meanwhile by another delivery of the same request
            found = self._store.get_run(run_id)
            if found is None:
                raise
            return Accepted(found, created=False)
        except InvalidRequest as exc:
            self._keys.release(organization_id, key, run_id)
            raise Unservable(str(exc)) from None
        return Accepted(run, created=True)


def _key_of(raw: Any) -> str | None:
    key = raw.get("idempotency_key") if isinstance(raw, Mapping) else None
    return key if isinstance(key, str) else None
