"""Shared by the schema-driven runs over the OpenAPI document: the documented operations,
seeded runs and artifacts, and steering of generated cases toward ids and URLs that exist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from stratus.api.app import create_app
from stratus.config import Settings
from stratus.contract.field_typos import near_miss
from stratus.contract.requests import RequestModel
from stratus.domain.models import Step
from stratus.domain.status import RunStatus
from tests.integration.api.conftest import Api


@dataclass
class AppSettingsOnly:
    settings: Settings


def documented_operations() -> list[tuple[str, str]]:
    document = create_app(AppSettingsOnly(Settings())).openapi()
    return [(method.upper(), path) for path, item in document["paths"].items() for method in item]


@dataclass
class Seeded:
    """Runs, steps and stored artifacts that generated ids are swapped for, so the read
    routes answer 2xx as well as 404."""

    run_ids: list[str]
    artifact_links: list[tuple[str, dict[str, str]]]


def _finish(api: Api, run_id: str, step_order: int) -> None:
    prefix = f"runs/{run_id}/{step_order}"
    api.container.artifacts.put(f"{prefix}/screenshot.png", b"\x89PNG fake", "image/png")
    api.container.artifacts.put(f"{prefix}/llm_reply.json", b"{}", "application/json")
    api.container.store.put_step(
        Step(
            step_id=f"stp_{step_order}",
            run_id=run_id,
            organization_id=api.organization_id,
            order=step_order,
            artifact_keys={
                "screenshot.png": f"{prefix}/screenshot.png",
                "llm_reply.json": f"{prefix}/llm_reply.json",
            },
        )
    )
    api.container.store.update_run(
        run_id,
        {
            "status": RunStatus.completed,
            "output": {"title": "Engineer", "salary": 1.5e5, "tags": ["a", None]},
            "screenshot_keys": [f"{prefix}/screenshot.png"],
            "step_count": 1,
        },
    )


def seed(api: Api) -> Seeded:
    hook = "http://127.0.0.1:9/hook"
    created = [
        api.post("/api/v1/tasks", {"url": "https://example.com", "webhook_callback_url": hook}),
        api.post("/api/v2/tasks", {"user_prompt": "Find the price", "url": "https://example.com"}),
        api.post("/v1/run/tasks", {"prompt": "Read it", "engine": "skyvern-1.0"}),
        api.post("/v1/run/tasks", {"prompt": "Read it", "webhook_url": hook}),
    ]
    assert all(response.status_code == 200 for response in created), [r.text for r in created]
    bodies = [response.json() for response in created]
    run_ids = [body.get("task_id") or body["run_id"] for body in bodies]
    run_ids += [body["workflow_run_id"] for body in bodies if body.get("workflow_run_id")]
    for order, run_id in enumerate(run_ids[:2]):
        _finish(api, run_id, order)
    links = []
    for run_id in run_ids[:2]:
        for item in api.get(f"/v1/runs/{run_id}/artifacts").json():
            parts = urlsplit(item["signed_url"])
            links.append((item["uri"], dict(parse_qsl(parts.query))))
    return Seeded(run_ids, links)


# Free-form strings in the document that the server checks further; generated text almost
# never passes, so about half of the bodies get a usable value instead.
USABLE_VALUES = {
    "url": "https://example.com/start",
    "webhook_callback_url": "http://127.0.0.1:9/hook",
    "webhook_url": "http://127.0.0.1:9/hook",
    "totp_verification_url": "http://127.0.0.1:9/totp",
    "totp_url": "http://127.0.0.1:9/totp",
    "browser_address": "ws://127.0.0.1:9/devtools/browser/fuzz",
}


def _pick(generated: Any, options: list[Any]) -> Any | None:
    """One of ``options`` for many generated values, else None: the choice follows the
    generated value, so a failing example replays the same way."""
    choice = len(str(generated)) % (len(options) + 1)
    return options[choice] if choice < len(options) else None


def _request_field_names() -> frozenset[str]:
    models, names = [RequestModel], set()
    while models:
        model = models.pop()
        models.extend(model.__subclasses__())
        names.update(model.model_fields)
    return frozenset(names)


REQUEST_FIELD_NAMES = _request_field_names()


def drop_near_misses(body: Any) -> None:
    """Remove generated keys that are near misses of a request field (``URL`` for ``url``):
    the API refuses those on purpose (documented on every body), so a schema-valid case
    must not carry them."""
    if isinstance(body, list):
        for item in body:
            drop_near_misses(item)
    if not isinstance(body, dict):
        return
    for name in list(body):
        if name not in REQUEST_FIELD_NAMES and near_miss(name, REQUEST_FIELD_NAMES):
            del body[name]
        else:
            drop_near_misses(body[name])


def steer(case: Any, seeded: Seeded, *, bodies: bool = True) -> None:
    """Swap many generated ids for seeded ones and (with ``bodies``) URL-like fields for
    usable URLs, so the routes answer 2xx often, not only 404 and 422."""
    parameters = case.path_parameters or {}
    for name in ("run_id", "task_id"):
        if name in parameters:
            parameters[name] = _pick(parameters[name], seeded.run_ids) or parameters[name]
    if "key" in parameters and seeded.artifact_links:
        link = _pick(parameters["key"], seeded.artifact_links)
        if link is not None:
            parameters["key"], case.query = link
    if bodies and isinstance(case.body, dict):
        drop_near_misses(case.body)
        for name, usable in USABLE_VALUES.items():
            if name in case.body and _pick(case.body[name], [usable]) is not None:
                case.body[name] = usable
