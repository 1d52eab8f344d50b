"""Per-request context shared by the middleware and what runs inside the request: the
request id, the caller's organization (once authenticated), and the body fields Stratus
ignored (``contract.field_typos.IGNORED_FIELDS`` points at this request's list).

The middleware installs a fresh ``RequestContext``; code deeper in the request mutates it
(a ContextVar holding a mutable object, so changes made in the endpoint's task are seen)."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class RequestContext:
    request_id: str
    organization_id: str | None = None
    ignored_fields: list[str] = field(default_factory=list)


_current: ContextVar[RequestContext | None] = ContextVar("stratus_request", default=None)


def begin(request_id: str) -> RequestContext:
    context = RequestContext(request_id)
    _current.set(context)
    return context


def current() -> RequestContext | None:
    return _current.get()


def note_organization(organization_id: str) -> None:
    context = _current.get()
    if context is not None:
        context.organization_id = organization_id
