"""Which error statuses each route returns, in one table, and the pass over the OpenAPI
document that writes them in: each operation lists exactly its statuses, with body schemas.

A route missing from the table fails the document build, so a new route cannot go undocumented.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..contract.errors import ErrorBody, RateLimitedBody, ValidationErrorBody

AUTH = frozenset({401, 403})
# A body: malformed JSON or a bad Content-Length (400), too large (413), invalid (422).
BODY = frozenset({400, 413, 422})
FOUND = frozenset({404})
# Creation with an Idempotency-Key: a malformed key (400); the key used with another body,
# or its first request still being served (409).
IDEMPOTENT = frozenset({400, 409})
# Run creation: refused targets, models or sessions (400), a browser profile the caller's
# organization does not have (404), and rate limits (429).
RUN_CREATION = AUTH | BODY | FOUND | IDEMPOTENT | frozenset({429})
# Actions whose outcome depends on the run's state (409 when it does not allow them).
RUN_ACTION = AUTH | FOUND | frozenset({400, 409, 413})

ROUTE_ERRORS: dict[tuple[str, str], frozenset[int]] = {
    ("GET", "/health"): frozenset(),
    ("POST", "/api/v1/tasks"): RUN_CREATION,
    ("GET", "/api/v1/tasks"): AUTH | {422},
    ("GET", "/api/v1/tasks/{task_id}"): AUTH | FOUND,
    ("GET", "/api/v1/tasks/{task_id}/steps"): AUTH | FOUND,
    ("POST", "/api/v1/tasks/{task_id}/cancel"): RUN_ACTION,
    ("POST", "/api/v1/tasks/{task_id}/retry_webhook"): RUN_ACTION | BODY,
    ("POST", "/api/v2/tasks"): RUN_CREATION,
    ("GET", "/api/v2/tasks/{task_id}"): AUTH | FOUND,
    ("POST", "/v1/run/tasks"): RUN_CREATION,
    ("GET", "/v1/version"): frozenset(),
    ("GET", "/v1/runs"): AUTH | {422},
    ("POST", "/v1/runs/cancel"): AUTH | BODY,
    ("GET", "/v1/runs/{run_id}/timeline"): AUTH | FOUND,
    ("GET", "/v1/runs/{workflow_run_id}/tags"): AUTH | FOUND,
    ("POST", "/v1/runs/{workflow_run_id}/tags"): AUTH | FOUND | BODY,
    ("DELETE", "/v1/runs/{workflow_run_id}/tags/{key}"): AUTH | FOUND | {422},
    ("GET", "/v1/run-tags"): AUTH | {422},
    ("POST", "/v1/upload_file"): AUTH | FOUND | IDEMPOTENT | {413, 422},
    ("GET", "/v1/runs/{run_id}"): AUTH | FOUND,
    ("POST", "/v1/runs/{run_id}/cancel"): RUN_ACTION,
    ("POST", "/v1/runs/{run_id}/retry_webhook"): RUN_ACTION | BODY,
    ("GET", "/v1/runs/{run_id}/artifacts"): AUTH | FOUND | {422},
    ("POST", "/v1/credentials/totp"): AUTH | BODY,
    ("POST", "/api/v1/totp"): AUTH | BODY,
    ("GET", "/v1/artifact-files/{key}"): frozenset({403, 404, 422}),
    ("GET", "/v1/browser_sessions"): AUTH | FOUND,
    ("POST", "/v1/browser_sessions"): AUTH | BODY | FOUND | IDEMPOTENT,
    ("GET", "/v1/browser_sessions/{browser_session_id}"): AUTH | FOUND,
    ("POST", "/v1/browser_sessions/{browser_session_id}/close"): AUTH | FOUND | {400, 413},
    ("GET", "/v1/browser_profiles"): AUTH | FOUND | {422},
    ("POST", "/v1/browser_profiles"): AUTH | BODY | FOUND | IDEMPOTENT,
    ("GET", "/v1/browser_profiles/{profile_id}"): AUTH | FOUND,
    ("PATCH", "/v1/browser_profiles/{profile_id}"): AUTH | BODY | FOUND | {409},
    ("DELETE", "/v1/browser_profiles/{profile_id}"): AUTH | FOUND,
    ("POST", "/v1/browser_sessions/{browser_session_id}/extend"): AUTH | FOUND | BODY,
    ("PATCH", "/v1/browser_sessions/{browser_session_id}"): AUTH | FOUND | BODY,
    ("GET", "/v1/viewer/runs"): AUTH | {422},
    ("GET", "/v1/viewer/runs/{run_id}/webhook_attempts"): AUTH | FOUND,
    ("GET", "/v1/viewer/runs/{run_id}/recording"): AUTH | FOUND,
}

RUN_CREATION_ROUTES = frozenset(key for key, statuses in ROUTE_ERRORS.items() if 429 in statuses)

_DESCRIPTIONS = {
    400: "The request cannot be served as asked: malformed JSON, or refused by a rule.",
    401: "No API key: send it in the x-api-key header.",
    403: "The API key (or the artifact link's signature) is not valid.",
    404: "No such resource in the caller's organization (or route).",
    409: "The resource's state does not allow the operation, or the Idempotency-Key was "
    "used with another request or is still being served.",
    413: "The request body is larger than the server accepts.",
    422: "A field broke a rule; every such field is listed.",
    429: "Too many requests; retry after the Retry-After header's seconds.",
}
_BODIES: dict[int, type[BaseModel]] = {422: ValidationErrorBody, 429: RateLimitedBody}


def _error_response(status: int) -> dict[str, Any]:
    model = _BODIES.get(status, ErrorBody)
    response: dict[str, Any] = {
        "description": _DESCRIPTIONS[status],
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
        },
    }
    if status == 429:
        response["headers"] = {
            "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}
        }
    return response


def _error_components() -> dict[str, Any]:
    components: dict[str, Any] = {}
    for model in (ErrorBody, ValidationErrorBody, RateLimitedBody):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(schema.pop("$defs", {}))
        components[model.__name__] = schema
    return components


def document_error_statuses(document: dict[str, Any]) -> dict[str, Any]:
    """Replace each operation's error responses by its row of the table."""
    for path, item in document["paths"].items():
        for method, operation in item.items():
            key = (method.upper(), path)
            if key not in ROUTE_ERRORS:
                raise KeyError(f"{method.upper()} {path} has no row in ROUTE_ERRORS")
            responses = {
                code: body for code, body in operation["responses"].items() if code.startswith("2")
            }
            for status in sorted(ROUTE_ERRORS[key]):
                responses[str(status)] = _error_response(status)
            operation["responses"] = responses
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    schemas.update(_error_components())
    return document
