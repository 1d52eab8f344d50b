"""What each request and response field means, as the Tasks API contract defines it, for
the published OpenAPI document (and so /docs and /redoc).

A field means the same in every body that carries it, so descriptions are kept by field
name; ``BY_MODEL`` holds the few whose meaning depends on the body. A description written
on the model itself wins over both.
"""

from __future__ import annotations

from typing import Any

_GOAL = "The goal of the task in plain language: what the agent should do on the site."
_WEBHOOK = (
    "When the run ends, its final state is POSTed here, signed (x-skyvern-signature and "
    "the Standard Webhooks headers)."
)
_TOTP_URL = (
    "An endpoint Stratus calls for a 2FA/MFA code when a page asks for one; it answers "
    "with the code."
)
_SCHEMA = (
    "A JSON schema for the data to extract. The run's output is held to it: output that "
    "breaks it ends the run `terminated` with the violations in `errors`."
)

BY_FIELD: dict[str, str] = {
    # run requests
    "prompt": _GOAL,
    "user_prompt": _GOAL,
    "navigation_goal": _GOAL,
    "url": "The page the run starts on. Without it the agent picks a start page from the goal.",
    "engine": (
        "The engine that drives the browser: `skyvern-1.0` (one step at a time, good for "
        "forms and lookups), `skyvern-2.0` (plans sub-tasks), `openai-cua` or "
        "`anthropic-cua` (computer-use models). Without a configured model the built-in "
        "planner serves the goals it can."
    ),
    "title": "A name for the run, shown in listings.",
    "proxy_location": (
        "Where the browser's traffic comes from: a proxy location name, `NONE`, or a geo "
        "target object (country, subdivision, city)."
    ),
    "data_extraction_schema": _SCHEMA,
    "extracted_information_schema": _SCHEMA,
    "data_extraction_goal": "What data to extract once the goal is reached, in plain language.",
    "navigation_payload": "Facts the agent may type into forms (name, email, ...), as JSON.",
    "sensitive_payload_fields": (
        "Fields of `navigation_payload` whose values are secrets (`card.number`: dotted for "
        "nested ones). The model still gets them; step records, action history and the "
        "saved prompts and replies show them masked."
    ),
    "error_code_mapping": (
        "Your error codes and when each applies, in plain language; a run that ends on "
        "one reports it in `errors`."
    ),
    "complete_criterion": "When the goal counts as reached, in plain language.",
    "terminate_criterion": "When to give up on the goal, in plain language.",
    "max_steps": "The most steps the run may take; it fails when it needs more.",
    "webhook_url": _WEBHOOK,
    "webhook_callback_url": _WEBHOOK,
    "totp_url": _TOTP_URL,
    "totp_verification_url": _TOTP_URL,
    "totp_identifier": (
        "The identifier (e.g. the email or phone number) under which 2FA codes for this run "
        "are pushed to POST /v1/credentials/totp."
    ),
    "browser_session_id": (
        "Run in this persistent browser session (pbs_...), continuing where the previous "
        "run in it left off."
    ),
    "browser_profile_id": (
        "Start the browser with this saved profile's cookies and local storage (bp_...)."
    ),
    "model": 'The language model for this run, e.g. {"model_name": "gpt-4o"}.',
    "extra_http_headers": "Extra HTTP headers the browser sends with its page requests.",
    "cdp_connect_headers": (
        "HTTP headers sent only when connecting to `browser_address` (e.g. the browser "
        "provider's API key); never sent to sites and never echoed back."
    ),
    "publish_workflow": "Deprecated; accepted and recorded for compatibility.",
    "include_action_history_in_verification": (
        "Whether the check that the goal is reached sees the actions taken so far."
    ),
    "max_screenshot_scrolls": (
        "How many scrolls the screenshot after each action may take; 0 or none takes the "
        "visible viewport only."
    ),
    "browser_address": "The CDP address of a browser to drive instead of a new one.",
    "run_with": "Run with the agent (`agent`) or a learned script (`code`); none: the default.",
    # runs and tasks
    "run_id": "The run's id: tsk_... (v1 and runs API) or tsk_v2_... (v2).",
    "task_id": "The task's id (the run's id).",
    "status": "The current status.",
    "run_type": "Which API and engine created the run, e.g. `task_v1`.",
    "output": "The data extracted, shaped by the run's schema when it has one.",
    "summary": "What the agent reports it did.",
    "failure_reason": "Why the run did not complete, in a sentence.",
    "errors": "The error codes the run ended on, each with the reasoning behind it.",
    "error_code": "An error code: one of the run's `error_code_mapping` keys or Stratus's own.",
    "reasoning": "Why this error applies.",
    "step_count": "How many steps the run has taken.",
    "downloaded_files": "Files the run downloaded, with links to fetch them.",
    "recording_url": "A link to the run's recording, once there is one.",
    "app_url": "The run's page in the run viewer.",
    "screenshot_urls": "Links to the latest screenshots, newest first.",
    "run_request": "The request that created the run, as it was understood.",
    "script_run": "Set when a learned script ran the run: whether the agent had to step in.",
    "organization_id": "The organization that owns this.",
    "created_at": "When this was created (UTC).",
    "modified_at": "When this last changed (UTC).",
    "queued_at": "When the run was queued (UTC).",
    "started_at": "When it started (UTC).",
    "finished_at": "When the run ended (UTC).",
    "tags": "The run's tags, key to value.",
    "max_steps_per_run": "The most steps this run may take.",
    "max_iterations": "The most planning iterations this run may take.",
    "request": "The request that created the task, as it was understood.",
    "downloaded_file_urls": "Links to the files the run downloaded.",
    # browser sessions and profiles
    "timeout": "Minutes of idleness after which the browser session closes.",
    # steps and actions
    "step_id": "The step's id.",
    "order": "The step's place in the run, from 0.",
    "retry_index": "Which attempt at this step this is, from 0.",
    "input_token_count": "Tokens sent to the model.",
    "output_token_count": "Tokens the model answered with.",
    "step_cost": "What the step's model calls cost, in US dollars.",
    "actions": "The actions taken.",
    "action_type": "What the action does: click, input_text, select_option, upload_file, ...",
    "element_id": "The page element acted on.",
    "params": "The action's parameters (the text typed, the option chosen, ...).",
    "success": "Whether the action worked.",
    "checksum": "The file's SHA-256.",
    "filename": "The file's name.",
    # other requests
    "run_ids": "The runs to act on.",
    "tags_to_delete": "Tag keys to remove from the run.",
    "key": "The tag's key.",
    "value": "The tag's value.",
    "content": "The 2FA code, or the whole message (email, SMS) carrying it.",
    "source": "Where the code came from (e.g. email, sms).",
    "expired_at": "When the code stops being valid (UTC).",
    "workflow_id": "The workflow the code is for (Tasks API compatibility).",
    "workflow_run_id": "The run the code is for (its id).",
    "model_name": "The model, as litellm names it (e.g. gpt-4o, anthropic/claude-sonnet-4-5).",
    "country": "ISO 3166-1 alpha-2 country code.",
    "subdivision": "ISO 3166-2 subdivision (state or region) code.",
    "city": "City name.",
    "detail": "What went wrong.",
    "version": "The server's version.",
}

BY_MODEL: dict[str, dict[str, str]] = {
    "RunObject": {"status": "The run's status: queued, running, completed, failed, ..."},
    "CreatedTask": {"task_id": "The new task's id; GET /api/v1/tasks/{task_id} reads it."},
    "CreateBrowserProfileRequest": {
        "name": "The profile's name, unique in the organization.",
        "description": "What the profile is for (e.g. the account it is signed in as).",
    },
    "UpdateBrowserProfileRequest": {
        "name": "A new name, unique in the organization.",
        "description": "A new description.",
    },
    "BrowserProfileObject": {
        "name": "The profile's name.",
        "description": "What the profile is for.",
    },
}


def describe_fields(schemas: dict[str, Any]) -> dict[str, Any]:
    """Give every property of the component ``schemas`` without a description the
    contract's one, where there is one."""
    for model, schema in schemas.items():
        overrides = BY_MODEL.get(model, {})
        for name, prop in schema.get("properties", {}).items():
            if isinstance(prop, dict) and "description" not in prop:
                text = overrides.get(name) or BY_FIELD.get(name)
                if text:
                    prop["description"] = text
    return schemas
