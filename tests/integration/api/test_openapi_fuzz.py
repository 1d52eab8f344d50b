"""A schema-driven fuzz run over our own OpenAPI document, in-process over ASGI: requests
generated from every operation's parameters and body, valid and invalid, never get a 5xx,
and every 2xx body conforms to the documented response schema."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance

from stratus.api.app import create_app
from stratus.config import Settings
from stratus.domain.models import Step
from stratus.domain.status import RunStatus
from tests.integration.api.conftest import Api, make_api

pytestmark = pytest.mark.integration

CHECKS = [not_a_server_error, response_schema_conformance]
EXAMPLES = {GenerationMode.POSITIVE: 30, GenerationMode.NEGATIVE: 20}


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


@pytest.fixture(scope="module")
def fuzz_api(tmp_path_factory) -> Api:
    return make_api(tmp_path_factory.mktemp("openapi-fuzz"))


@pytest.fixture(scope="module")
def seeded(fuzz_api) -> Seeded:
    return seed(fuzz_api)


@pytest.fixture(scope="module")
def api_schema(fuzz_api) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_api.client.app)


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


def steer(case: Any, seeded: Seeded) -> None:
    """Swap many generated ids for seeded ones and URL-like fields for usable URLs, so
    the routes answer 2xx often, not only 404 and 422."""
    parameters = case.path_parameters or {}
    for name in ("run_id", "task_id"):
        if name in parameters:
            parameters[name] = _pick(parameters[name], seeded.run_ids) or parameters[name]
    if "key" in parameters and seeded.artifact_links:
        link = _pick(parameters["key"], seeded.artifact_links)
        if link is not None:
            parameters["key"], case.query = link
    if isinstance(case.body, dict):
        for name, usable in USABLE_VALUES.items():
            if name in case.body and _pick(case.body[name], [usable]) is not None:
                case.body[name] = usable


OPERATIONS = documented_operations()


@pytest.mark.parametrize("mode", list(EXAMPLES), ids=lambda mode: mode.value)
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[" ".join(o) for o in OPERATIONS])
def test_generated_requests_never_get_a_5xx_and_2xx_bodies_match_the_document(
    api_schema, fuzz_api, seeded, method, path, mode
):
    operation = api_schema[path][method]
    if (
        mode is GenerationMode.NEGATIVE
        and not operation.path_parameters
        and not (operation.query or operation.body)
    ):
        pytest.skip("nothing to make invalid")
    statuses: list[int] = []

    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode))
    def check(case: Any) -> None:
        steer(case, seeded)
        response = case.call_and_validate(headers=fuzz_api.headers, checks=CHECKS)
        statuses.append(response.status_code)

    check()
    assert statuses and max(statuses) < 500


def test_the_fuzz_run_covers_every_documented_operation():
    assert len(OPERATIONS) == len(set(OPERATIONS)) >= 17
    assert ("GET", "/v1/artifact-files/{key}") in OPERATIONS


def test_a_page_number_past_64_bits_is_a_client_error(fuzz_api):
    response = fuzz_api.get("/api/v1/tasks", page=2**63)
    assert 400 <= response.status_code < 500, response.text


@pytest.mark.parametrize("expired_at", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_an_expiry_at_the_edge_of_time_is_not_a_server_error(fuzz_api, expired_at):
    body = {"totp_identifier": "a@example.com", "content": "123456", "expired_at": expired_at}
    response = fuzz_api.post("/v1/credentials/totp", body)
    assert response.status_code < 500, response.text


def test_an_early_expiry_is_echoed_as_a_four_digit_year(fuzz_api):
    body = {
        "totp_identifier": "a@example.com",
        "content": "1",
        "expired_at": "0056-01-27T19:16:19Z",
    }
    response = fuzz_api.post("/v1/credentials/totp", body)
    assert response.json()["expired_at"] == "0056-01-27T19:16:19.000000Z"
