"""From a validated request to a new ``Run``: the task spec, identities and limits.

Pure: ids and the clock come in as arguments, so the same inputs build the same run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..domain.models import Run, TaskSpec
from ..domain.run_commands import RunOrigin
from ..domain.status import ENGINE_RUN_TYPES, ApiFamily, Engine, RunStatus
from .model_options import ModelOptions
from .requests import RunTaskRequest, V1TaskRequest, V2TaskRequest

DEFAULT_MAX_ITERATIONS = 10
# A v2 iteration runs one mini-task of up to this many steps (the engine's own cap), so a
# v2 run's overall step limit is iterations x this unless a step limit is asked for.
V2_STEPS_PER_ITERATION = 8

# Engines whose runs are v2 tasks with workflow identities (tsk_v2_, wr_, w_, wpid_).
V2_ENGINES = frozenset({Engine.skyvern_v2})

# request fields kept only sealed on the run, never in its stored request
SECRET_REQUEST_FIELDS = frozenset({"cdp_connect_headers"})


def resolve_max_steps(origin: RunOrigin, requested: int | None) -> int:
    """Header override, else the request's own value, else the organization's, else the default."""
    for candidate in (origin.max_steps_override, requested, origin.org_max_steps):
        if candidate is not None:
            return candidate
    return origin.default_max_steps


def resolve_max_iterations(origin: RunOrigin) -> int:
    if origin.max_iterations_override is not None:
        return origin.max_iterations_override
    return DEFAULT_MAX_ITERATIONS


def resolve_v2_max_steps(origin: RunOrigin, requested: int | None) -> int:
    """An explicit step limit (header, then request) wins; else room for every iteration."""
    for candidate in (origin.max_steps_override, requested):
        if candidate is not None:
            return candidate
    return resolve_max_iterations(origin) * V2_STEPS_PER_ITERATION


def model_name(model: ModelOptions | None) -> str | None:
    """The model a request names in its ``model`` object (``model_name``, or ``name``)."""
    return model.chosen_name() if model else None


def _proxy(value: Any) -> Any:
    if value is None:
        return None
    return value.model_dump(exclude_none=True) if hasattr(value, "model_dump") else str(value)


def _headers(headers: dict[str, str | None] | None) -> dict[str, str] | None:
    if headers is None:
        return None
    return {name: value for name, value in headers.items() if value is not None}


def _error_codes(mapping: dict[str, str | None] | None) -> dict[str, str] | None:
    if mapping is None:
        return None
    return {code: text or code for code, text in mapping.items()}


def v1_goal(body: V1TaskRequest) -> str:
    if body.navigation_goal and body.navigation_goal.strip():
        return body.navigation_goal
    if body.data_extraction_goal and body.data_extraction_goal.strip():
        return body.data_extraction_goal
    return f"Open {body.url} and finish when the page has loaded."


# The request bodies of the three route families.
SpecBody = V1TaskRequest | V2TaskRequest | RunTaskRequest


def _shared_spec_fields(body: SpecBody, user_agent: str | None) -> dict[str, Any]:
    """The spec fields every route family names alike and reads the same way."""
    return {
        "url": body.url,
        "error_code_mapping": _error_codes(body.error_code_mapping),
        "totp_identifier": body.totp_identifier,
        "extra_http_headers": _headers(body.extra_http_headers),
        "max_screenshot_scrolls": body.max_screenshot_scrolls,
        "browser_address": body.browser_address,
        "browser_session_id": body.browser_session_id,
        "browser_profile_id": body.browser_profile_id or None,
        "proxy_location": _proxy(body.proxy_location),
        "model": model_name(body.model),
        "user_agent": user_agent,
    }


def v1_spec(body: V1TaskRequest, *, user_agent: str | None = None) -> TaskSpec:
    return TaskSpec(
        **_shared_spec_fields(body, user_agent),
        goal=v1_goal(body),
        facts=body.navigation_payload,
        sensitive_fields=body.sensitive_payload_fields,
        extraction_goal=body.data_extraction_goal,
        extraction_schema=body.extracted_information_schema,
        complete_criterion=body.complete_criterion,
        terminate_criterion=body.terminate_criterion,
        totp_url=body.totp_verification_url,
        include_action_history_in_verification=bool(body.include_action_history_in_verification),
    )


def v2_spec(body: V2TaskRequest, *, user_agent: str | None = None) -> TaskSpec:
    return TaskSpec(
        **_shared_spec_fields(body, user_agent),
        goal=body.user_prompt,
        extraction_schema=body.extracted_information_schema,
        totp_url=body.totp_verification_url,
    )


def run_spec(body: RunTaskRequest, *, user_agent: str | None = None) -> TaskSpec:
    has_schema = body.data_extraction_schema is not None
    return TaskSpec(
        **_shared_spec_fields(body, user_agent),
        goal=body.prompt,
        extraction_goal=body.prompt if has_schema and body.engine not in V2_ENGINES else None,
        extraction_schema=body.data_extraction_schema,
        totp_url=body.totp_url,
        include_action_history_in_verification=bool(body.include_action_history_in_verification),
    )


def _base(
    origin: RunOrigin,
    body: SpecBody,
    family: ApiFamily,
    engine: Engine,
    spec_of: Callable[..., TaskSpec],
) -> dict[str, Any]:
    """The fields every new run gets alike: owner, status, clock, engine, spec and request."""
    return {
        "organization_id": origin.organization_id,
        "api_key_id": origin.api_key_id,
        "status": RunStatus.created,
        "created_at": origin.now,
        "modified_at": origin.now,
        "api_family": family,
        "run_type": ENGINE_RUN_TYPES[engine],
        "engine": engine,
        "spec": spec_of(body, user_agent=origin.user_agent),
        "request": body.model_dump(mode="json", exclude=set(SECRET_REQUEST_FIELDS)),
        "browser_session_id": body.browser_session_id,
    }


def _v2_identities(new_id: Callable[[str], str]) -> dict[str, str]:
    return {
        "run_id": new_id("tsk_v2"),
        "workflow_run_id": new_id("wr"),
        "workflow_id": new_id("w"),
        "workflow_permanent_id": new_id("wpid"),
    }


def new_v1_run(body: V1TaskRequest, origin: RunOrigin, new_id: Callable[[str], str]) -> Run:
    return Run(
        **_base(origin, body, ApiFamily.v1, Engine.skyvern_v1, v1_spec),
        run_id=new_id("tsk"),
        title=body.title,
        webhook_url=body.webhook_callback_url,
        max_steps=resolve_max_steps(origin, None),
    )


def new_v2_run(body: V2TaskRequest, origin: RunOrigin, new_id: Callable[[str], str]) -> Run:
    return Run(
        **_base(origin, body, ApiFamily.v2, Engine.skyvern_v2, v2_spec),
        **_v2_identities(new_id),
        webhook_url=body.webhook_callback_url,
        max_steps=resolve_v2_max_steps(origin, None),
        max_iterations=resolve_max_iterations(origin),
        publish_workflow=bool(body.publish_workflow),
    )


def new_task_run(body: RunTaskRequest, origin: RunOrigin, new_id: Callable[[str], str]) -> Run:
    is_v2 = body.engine in V2_ENGINES
    ids = _v2_identities(new_id) if is_v2 else {"run_id": new_id("tsk")}
    return Run(
        **_base(origin, body, ApiFamily.runs, body.engine, run_spec),
        **ids,
        title=body.title,
        webhook_url=body.webhook_url,
        max_steps=(
            resolve_v2_max_steps(origin, body.max_steps)
            if is_v2
            else resolve_max_steps(origin, body.max_steps)
        ),
        max_iterations=resolve_max_iterations(origin) if is_v2 else None,
        run_with=body.run_with.value if body.run_with else None,
        publish_workflow=bool(body.publish_workflow),
    )
