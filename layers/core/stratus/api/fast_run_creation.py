"""``POST /v1/run/tasks`` for the requests that need none of FastAPI's parameter machinery.

Creating a run is the write path. FastAPI's solving of the declared route's parameters (the
body, the key's dependency and its security scheme, three service getters, three headers)
took about 100 us of CPU per create: more than storing the run, a third of the request
(measured in the app alone: 343 us a create through the declared route, 234 us here). This
route answers a create whose content type is JSON, whose body and headers validate and whose
key is known, by calling the declared endpoint (``routers/runs.py``) with them. Any other
request goes on to the declared route, body and all, which answers it as it always has: one
endpoint decides what a create is and does, one path reads its errors, and the OpenAPI
document is the declared route's.
"""

from __future__ import annotations

import email.message
import inspect
import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import HTTPException, Request
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import request_params_to_args
from fastapi.routing import APIRoute
from pydantic import TypeAdapter, ValidationError
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import Message, Receive, Scope, Send

from ..contract.requests import RunTaskRequest
from .auth import api_key_header, require_api_key
from .routers import runs

PATH = "/v1/run/tasks"
PASSED_ON = "stratus.fast_run_creation.passed_on"  # scope key: the declared route answers
PAYLOAD = TypeAdapter(dict[str, Any])  # as FastAPI serializes the declared route's reply


def declared_route() -> APIRoute:
    return next(
        route
        for route in runs.router.routes
        if isinstance(route, APIRoute) and route.path == PATH and "POST" in (route.methods or ())
    )


class FastRunCreation(Route):
    """Placed before the API's routers; a request it passes on is routed again without it."""

    def __init__(self) -> None:
        declared = declared_route()
        dependant = declared.dependant
        self._headers = dependant.header_params
        self._header_aliases = [header.alias for header in self._headers]
        self._unsent_headers: dict[str, Any] | None = None
        if not any(header.field_info.is_required() for header in self._headers):
            self._unsent_headers = {header.name: header.default for header in self._headers}
        self._getters: dict[str, Callable[[Request], Awaitable[Any]]] = {}
        self._key = ""
        for dependency in dependant.dependencies:
            if dependency.call is require_api_key:
                self._key = dependency.name or ""
            elif _reads_only_the_request(dependency):
                self._getters[dependency.name or ""] = dependency.call  # type: ignore[assignment]
            else:
                raise TypeError(f"run_task's {dependency.name} cannot be given by this route")
        (body,) = dependant.body_params
        if body.field_info.annotation is not RunTaskRequest:
            raise TypeError(f"run_task's body is not a {RunTaskRequest.__name__}")
        self._body = body.name
        given = {self._body, self._key, *self._getters, *(h.name for h in self._headers)}
        taken = set(inspect.signature(runs.run_task).parameters)
        if taken != given:  # a parameter added to the endpoint must be given here too
            raise TypeError(f"run_task takes {sorted(taken)}; this route gives {sorted(given)}")
        super().__init__(PATH, self._answer, methods=["POST"], include_in_schema=False)
        self.app = self._answer  # an ASGI app: it may hand the request to the router

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope.get(PASSED_ON):
            return Match.NONE, {}
        return super().matches(scope)

    async def _answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        raw = await request.body()
        arguments = await self._arguments(request, raw)
        if arguments is None:
            await self._pass_on(scope, raw, receive, send)
            return
        payload = await runs.run_task(**arguments)
        response = Response(PAYLOAD.dump_json(payload), media_type="application/json")
        await response(scope, receive, send)

    async def _arguments(self, request: Request, raw: bytes) -> dict[str, Any] | None:
        """The declared endpoint's arguments, or None where the declared route must answer:
        a content type other than JSON, a body or header that does not validate, no key or
        an unknown one."""
        if not raw or not _is_json(request.headers.get("content-type")):
            return None
        try:
            body = RunTaskRequest.model_validate(json.loads(raw))
        except (ValueError, ValidationError):  # JSONDecodeError is a ValueError
            return None
        if self._unsent_headers is not None and not any(
            alias in request.headers for alias in self._header_aliases
        ):
            headers = self._unsent_headers  # none sent, none required: their defaults
        else:
            headers, errors = request_params_to_args(self._headers, request.headers)
            if errors:
                return None
        try:
            key = await require_api_key(request, request.headers.get(api_key_header.model.name))
        except HTTPException:
            return None
        services = {name: await get(request) for name, get in self._getters.items()}
        return {self._body: body, self._key: key, **services, **headers}

    @staticmethod
    async def _pass_on(scope: Scope, raw: bytes, receive: Receive, send: Send) -> None:
        """Route the request again, without this route, its body read anew."""
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": raw, "more_body": False}

        scope[PASSED_ON] = True
        await scope["app"].router(scope, replay, send)


def _reads_only_the_request(dependency: Dependant) -> bool:
    """A getter of the app's services: an async function of the request alone."""
    return (
        dependency.request_param_name is not None
        and inspect.iscoroutinefunction(dependency.call)
        and not (
            dependency.path_params
            or dependency.query_params
            or dependency.header_params
            or dependency.cookie_params
            or dependency.body_params
            or dependency.dependencies
        )
    )


def _is_json(content_type: str | None) -> bool:
    """As the declared route reads a body: application/json or application/*+json."""
    if not content_type:
        return False
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )
