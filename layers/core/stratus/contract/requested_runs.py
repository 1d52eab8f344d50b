"""A run request as EventBridge, SQS and batch files send it: the body of
``POST /v1/run/tasks`` plus an envelope (``idempotency_key``, ``reply_to``), read into the
run service's command."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from ..domain.run_commands import CreateRun
from .commands import create_task_run
from .requests import RunTaskRequest
from .spec import V2_ENGINES
from .validation_text import problems

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


class UnreadableRequest(ValueError):
    """The request is not a run request (the message says why)."""


@dataclass(frozen=True)
class ParsedRequest:
    idempotency_key: str
    command: CreateRun
    v2: bool  # a v2 task: its run id is a tsk_v2_ one
    reply_to: str | None = None


def parse_request(raw: Any) -> ParsedRequest:
    """The key, run command and reply destination of a request, or UnreadableRequest."""
    if not isinstance(raw, Mapping):
        raise UnreadableRequest("the request is not a JSON object")
    try:
        envelope = RequestEnvelope.model_validate(raw)
        body = RunTaskRequest.model_validate(
            {k: v for k, v in raw.items() if k not in ENVELOPE_FIELDS}
        )
    except ValidationError as exc:
        found = "; ".join(f"{field}: {message}" for field, message in problems(exc))
        raise UnreadableRequest(f"invalid request: {found}") from None
    return ParsedRequest(
        envelope.idempotency_key,
        create_task_run(body),
        body.engine in V2_ENGINES,
        envelope.reply_to,
    )
