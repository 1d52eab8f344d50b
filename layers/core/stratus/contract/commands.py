"""Each request family's create request as the run service's command."""

from __future__ import annotations

from functools import partial

from ..domain.run_commands import CallbackUrl, CreateRun, RunBuilder
from .requests import RunTaskRequest, V1TaskRequest, V2TaskRequest
from .spec import new_task_run, new_v1_run, new_v2_run


def _url(field: str, url: str | None) -> CallbackUrl | None:
    return CallbackUrl(field, url) if url is not None else None


def _legacy_task(
    body: V1TaskRequest | V2TaskRequest,
    build: RunBuilder,
    *,
    max_steps_override: int | None = None,
    max_iterations_override: int | None = None,
) -> CreateRun:
    """The v1 and v2 task requests name their callback URLs alike."""
    return CreateRun(
        build=build,
        webhook=_url("webhook_callback_url", body.webhook_callback_url),
        totp=_url("totp_verification_url", body.totp_verification_url),
        max_steps_override=max_steps_override,
        max_iterations_override=max_iterations_override,
    )


def create_v1_task(body: V1TaskRequest, *, max_steps_override: int | None = None) -> CreateRun:
    return _legacy_task(body, partial(new_v1_run, body), max_steps_override=max_steps_override)


def create_v2_task(body: V2TaskRequest, *, max_iterations_override: int | None = None) -> CreateRun:
    return _legacy_task(
        body, partial(new_v2_run, body), max_iterations_override=max_iterations_override
    )


def create_task_run(
    body: RunTaskRequest,
    *,
    user_agent: str | None = None,
    max_steps_override: int | None = None,
    max_iterations_override: int | None = None,
) -> CreateRun:
    return CreateRun(
        build=partial(new_task_run, body),
        webhook=_url("webhook_url", body.webhook_url),
        totp=_url("totp_url", body.totp_url),
        cdp_connect_headers=body.cdp_connect_headers or {},
        user_agent=user_agent,
        max_steps_override=max_steps_override,
        max_iterations_override=max_iterations_override,
    )
