"""The public JSON of runs and steps: v1 task object, v2 task object, run object, step object,
each produced by its response model (``contract.responses``), so the documented shape is the
one sent. Pure and deterministic: the same run and the same ``url_for`` give the same dict. The
webhook body is built from ``run_payload``, so what a receiver gets equals what GET returns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..domain.models import ActionRecord, Run, Step
from ..domain.status import ApiFamily
from ..domain.utc import utc_text
from .links import AppUrlFor, no_app_url, recording_url
from .responses import (
    ActionObject,
    ActionResultObject,
    DownloadedFileObject,
    RunObject,
    RunRequestObject,
    ScriptRun,
    StepObject,
    StepOutputObject,
    V1TaskObject,
    V2TaskObject,
)
from .timestamps import timestamp

UrlFor = Callable[[str], str]


def _file_url(location: str, url_for: UrlFor) -> str:
    if location.startswith(("http://", "https://")):
        return location
    return url_for(location)


def downloaded_files(run: Run, url_for: UrlFor) -> list[DownloadedFileObject]:
    return [
        DownloadedFileObject(
            url=_file_url(item.url, url_for),
            checksum=item.checksum,
            filename=item.filename,
            modified_at=timestamp(item.modified_at),
        )
        for item in run.downloaded_files
    ]


def run_times(run: Run) -> dict[str, str | None]:
    """A run's moments as every run object names them (the model puts them in its order)."""
    return {
        "created_at": utc_text(run.created_at),
        "modified_at": utc_text(run.modified_at),
        "queued_at": timestamp(run.queued_at),
        "started_at": timestamp(run.started_at),
        "finished_at": timestamp(run.finished_at),
    }


def screenshot_urls(run: Run, url_for: UrlFor) -> list[str]:
    """Newest first."""
    return [url_for(key) for key in reversed(run.screenshot_keys)]


def _request_value(run: Run, *names: str) -> Any:
    for name in names:
        value = run.request.get(name)
        if value is not None:
            return value
    return None


def run_request(run: Run) -> dict[str, Any]:
    """The creating request in the run-request shape, whatever family created the run."""
    if run.api_family is ApiFamily.runs:
        return dict(run.request)  # as stored (see StoredRequest)
    prompt = _request_value(run, "user_prompt", "navigation_goal", "data_extraction_goal")
    return RunRequestObject.produce(
        prompt=prompt if prompt is not None else run.spec.goal,
        url=_request_value(run, "url"),
        engine=run.engine,
        title=run.title,
        proxy_location=_request_value(run, "proxy_location"),
        data_extraction_schema=_request_value(run, "extracted_information_schema"),
        error_code_mapping=_request_value(run, "error_code_mapping"),
        max_steps=run.max_steps,
        webhook_url=run.webhook_url,
        totp_identifier=_request_value(run, "totp_identifier"),
        totp_url=_request_value(run, "totp_verification_url"),
        browser_session_id=run.browser_session_id,
        browser_profile_id=run.spec.browser_profile_id,
        model=_request_value(run, "model"),
        extra_http_headers=_request_value(run, "extra_http_headers"),
        publish_workflow=run.publish_workflow,
        include_action_history_in_verification=run.spec.include_action_history_in_verification,
        max_screenshot_scrolls=run.spec.max_screenshot_scrolls,
        browser_address=run.spec.browser_address,
        run_with=run.run_with,
    ).model_dump(mode="json")


def run_object(run: Run, *, url_for: UrlFor, app_url_for: AppUrlFor = no_app_url) -> RunObject:
    return RunObject.produce(
        run_id=run.run_id,
        status=run.status,
        **run_times(run),
        run_type=run.run_type,
        output=run.output,
        downloaded_files=downloaded_files(run, url_for),
        recording_url=recording_url(run, url_for),
        screenshot_urls=screenshot_urls(run, url_for),
        failure_reason=run.failure_reason,
        app_url=app_url_for(run.run_id),
        browser_session_id=run.browser_session_id,
        browser_profile_id=run.spec.browser_profile_id,
        max_screenshot_scrolls=run.spec.max_screenshot_scrolls,
        script_run=ScriptRun(ai_fallback_triggered=run.ai_fallback_triggered),
        errors=list(run.errors),
        step_count=run.step_count,
        run_request=run_request(run),
    )


def run_object_payload(
    run: Run, *, url_for: UrlFor, app_url_for: AppUrlFor = no_app_url
) -> dict[str, Any]:
    return run_object(run, url_for=url_for, app_url_for=app_url_for).model_dump(mode="json")


def v1_task_payload(run: Run, *, url_for: UrlFor) -> dict[str, Any]:
    shots = screenshot_urls(run, url_for)
    files = downloaded_files(run, url_for)
    return V1TaskObject.produce(
        request=dict(run.request),
        task_id=run.run_id,
        organization_id=run.organization_id,
        status=run.status,
        title=run.title,
        url=run.spec.url,
        **run_times(run),
        extracted_information=run.output,
        screenshot_url=shots[0] if shots else None,
        action_screenshot_urls=shots,
        recording_url=recording_url(run, url_for),
        failure_reason=run.failure_reason,
        errors=list(run.errors),
        step_count=run.step_count,
        max_steps_per_run=run.max_steps,
        downloaded_files=files,
        downloaded_file_urls=[item.url for item in files],
        webhook_callback_url=run.webhook_url,
    ).model_dump(mode="json")


def v2_task_payload(run: Run, *, url_for: UrlFor) -> dict[str, Any]:
    prompt = _request_value(run, "user_prompt", "prompt")
    return V2TaskObject.produce(
        task_id=run.run_id,
        status=run.status,
        prompt=prompt if prompt is not None else run.spec.goal,
        url=run.spec.url,
        organization_id=run.organization_id,
        workflow_id=run.workflow_id,
        workflow_run_id=run.workflow_run_id,
        workflow_permanent_id=run.workflow_permanent_id,
        summary=run.summary,
        output=run.output,
        failure_reason=run.failure_reason,
        errors=list(run.errors),
        step_count=run.step_count,
        max_iterations=run.max_iterations,
        screenshot_urls=screenshot_urls(run, url_for),
        downloaded_files=downloaded_files(run, url_for),
        webhook_callback_url=run.webhook_url,
        totp_verification_url=run.spec.totp_url,
        totp_identifier=run.spec.totp_identifier,
        proxy_location=_request_value(run, "proxy_location"),
        extracted_information_schema=run.spec.extraction_schema,
        error_code_mapping=_request_value(run, "error_code_mapping"),
        **run_times(run),
    ).model_dump(mode="json")


def run_payload(
    run: Run, *, url_for: UrlFor, app_url_for: AppUrlFor = no_app_url
) -> dict[str, Any]:
    """The object of the run's own family: what its GET and its webhook carry."""
    if run.api_family is ApiFamily.v1:
        return v1_task_payload(run, url_for=url_for)
    if run.api_family is ApiFamily.v2:
        return v2_task_payload(run, url_for=url_for)
    return run_object_payload(run, url_for=url_for, app_url_for=app_url_for)


def _action(action: ActionRecord) -> ActionObject:
    """The record's fields that the object names the same."""
    return ActionObject.produce(**action.model_dump(include=set(ActionObject.model_fields)))


def step_payload(step: Step) -> dict[str, Any]:
    actions = [_action(action) for action in step.actions]
    return StepObject.produce(
        organization_id=step.organization_id,
        task_id=step.run_id,
        step_id=step.step_id,
        status=step.status,
        order=step.order,
        retry_index=step.retry_index,
        input_token_count=step.input_token_count,
        output_token_count=step.output_token_count,
        step_cost=step.cost,
        url=step.url,
        failure_reason=step.failure_reason,
        actions=actions,
        output=StepOutputObject(
            actions_and_results=[
                (shown, [ActionResultObject(success=shown.success, exception_message=shown.error)])
                for shown in actions
            ]
        ),
        created_at=utc_text(step.created_at),
        modified_at=utc_text(step.modified_at),
    ).model_dump(mode="json")
