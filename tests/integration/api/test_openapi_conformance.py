"""Every built-in schemathesis check over every documented operation, in-process over ASGI:
statuses, content types, headers and bodies as documented, no 5xx, invalid input refused,
valid input accepted, auth enforced. Bounded: a few examples per operation and mode."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.failures import Failure, FailureGroup

from stratus.domain.status import Engine
from tests.integration.api.conftest import Api, EveryProviderKeySet, make_api
from tests.support.openapi_fuzz import Seeded, documented_operations, seed, steer

pytestmark = [pytest.mark.integration, pytest.mark.timeout(240)]

EXAMPLES_PER_MODE = 25
OPERATIONS = documented_operations()


# A deployment where every engine is available and every computer-use engine has a model
# whose keys are set, so a schema-valid run request is refused only for what the document
# can state.
EVERY_ENGINE = ("builtin", "replay", *(engine.value for engine in Engine))
CUA_MODELS = {
    "openai_cua_model": "computer-use-preview",
    "anthropic_cua_model": "claude-computer-use",
    "ui_tars_model": "ui-tars-1.5",
}


@pytest.fixture(scope="module")
def fuzz_api(tmp_path_factory) -> Api:
    return make_api(
        tmp_path_factory.mktemp("openapi-conformance"),
        EVERY_ENGINE,
        overrides={"model_credentials": EveryProviderKeySet()},
        **CUA_MODELS,
    )


@pytest.fixture(scope="module")
def seeded(fuzz_api) -> Seeded:
    return seed(fuzz_api)


@pytest.fixture(scope="module")
def api_schema(fuzz_api) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_api.client.app)


def _failures(exc: BaseException) -> list[Failure]:
    if isinstance(exc, FailureGroup):
        return [f for inner in exc.exceptions for f in _failures(inner)]
    return [exc] if isinstance(exc, Failure) else []


def _check_operation(
    operation: Any, mode: GenerationMode, api: Api, seeded: Seeded, found: list[str]
) -> int:
    """Send generated cases of one operation and mode; note each non-conformant response."""
    label = f"{operation.method.upper()} {operation.path} [{mode.value}]"
    sent = 0

    @settings(
        max_examples=EXAMPLES_PER_MODE,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode))
    def check(case: Any) -> None:
        nonlocal sent
        positive = mode is GenerationMode.POSITIVE
        # an invalid body stays as generated: only ids in the path are swapped for real ones
        steer(case, seeded, bodies=positive)
        if positive and isinstance(case.body, dict):
            # a generated session or profile id names none; they have their own operations
            case.body.pop("browser_session_id", None)
            case.body.pop("browser_profile_id", None)
            # connect headers need a browser_address: a rule between fields, not a schema
            case.body.pop("cdp_connect_headers", None)
        # the key is sent unless the invalid case is one without it
        sends_key = positive or "x-api-key" in {name.lower() for name in case.headers or {}}
        headers = api.headers if sends_key else {}
        sent += 1
        response = case.call(headers=headers)
        try:
            case.validate_response(response, headers=headers)
        except (Failure, FailureGroup) as exc:
            titles = "; ".join(sorted({f"{f.title} {f.message}" for f in _failures(exc)}))
            sent_as = f"query={case.query} body={str(case.body)[:80]}"
            answer = f"{response.status_code} {response.text[:80]}"
            found.append(f"{label} {sent_as} -> {answer}: {titles}")

    try:
        check()
    except Unsatisfiable:  # nothing of the operation can be made invalid
        return sent
    return sent


def run_all_checks(api_schema: Any, api: Api, seeded: Seeded) -> tuple[int, list[str]]:
    """(responses checked, one line per non-conformant response)."""
    found: list[str] = []
    checked = 0
    for method, path in OPERATIONS:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            checked += _check_operation(api_schema[path][method], mode, api, seeded, found)
    return checked, found


def test_every_check_passes_on_every_operation(api_schema, fuzz_api, seeded):
    checked, found = run_all_checks(api_schema, fuzz_api, seeded)
    assert checked >= len(OPERATIONS)
    assert not found, f"{len(found)} of {checked} responses do not conform:\n" + "\n".join(found)
