"""Each request family's create request as the run service's command."""

from __future__ import annotations

from collections.abc import Callable

from ..domain.models import Run
from ..domain.run_commands import CallbackUrl, CreateRun, RunOrigin
from .requests import RunTaskRequest, V1TaskRequest, V2TaskRequest
from .spec import new_task_run, new_v1_run, new_v2_run


def _url(field: str, url: str | None) -> CallbackUrl | None:
    return CallbackUrl(field, url) if url is not None else None


def create_v1_task(body: V1TaskRequest, *, max_steps_override: int | None = None) -> CreateRun:
    def build(origin: RunOrigin, new_id: Callable[[str], str]) -> Run:
        return new_v1_run(body, origin, new_id)

    return CreateRun(
        build=build,
        webhook=_url("webhook_callback_url", body.webhook_callback_url),
        totp=_url("totp_verification_url", body.totp_verification_url),
        max_steps_override=max_steps_override,
    )


def create_v2_task(body: V2TaskRequest, *, max_iterations_override: int | None = None) -> CreateRun:
    def build(origin: RunOrigin, new_id: Callable[[str], str]) -> Run:
        return new_v2_run(body, origin, new_id)

    return CreateRun(
        build=build,
        webhook=_url("webhook_callback_url", body.webhook_callback_url),
        totp=_url("totp_verification_url", body.totp_verification_url),
        max_iterations_override=max_iterations_override,
    )


def create_task_run(
    body: RunTaskRequest,
    *,
    user_agent: str | None = None,
    max_steps_override: int | None = None,
    max_iterations_override: int | None = None,
) -> CreateRun:
    def build(origin: RunOrigin, new_id: Callable[[str], str]) -> Run:
        return new_task_run(body, origin, new_id)

    return CreateRun(
        build=build,
        webhook=_url("webhook_url", body.webhook_url),
        totp=_url("totp_url", body.totp_url),
        cdp_connect_headers=body.cdp_connect_headers or {},
        user_agent=user_agent,
        max_steps_override=max_steps_override,
        max_iterations_override=max_iterations_override,
    )
