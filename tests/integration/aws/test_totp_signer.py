"""2FA requests on AWS: the browser-step function holds no key material, so it asks the signer
function, which builds the body from the run id and signs it with the run's key (DynamoDB and
KMS on moto)."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
from types import SimpleNamespace
from typing import Any

import pytest
from moto import mock_aws

from stratus.adapters.aws.lambda_totp_signer import LambdaTotpSigner
from stratus.domain.engine import StepOutcome
from stratus.ports import SigningUnavailable
from tests.fakes.runtime import ScriptedEngine
from tests.integration.aws import stack as files
from tests.integration.aws.harness import MOTO_CONFIG, build_stack, load_handler_module

pytestmark = pytest.mark.integration


class SignerLambda:
    """Answers ``invoke`` as Lambda would, by running the signer function's handler."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self.payloads: list[dict[str, Any]] = []

    def invoke(self, FunctionName: str, Payload: bytes) -> dict[str, Any]:
        event = json.loads(Payload)
        self.payloads.append(event)
        reply = self.module.handler(event, SimpleNamespace(function_name=FunctionName))
        return {"StatusCode": 200, "Payload": io.BytesIO(json.dumps(reply).encode())}


@pytest.fixture
def aws():
    with mock_aws(config=MOTO_CONFIG):
        yield


def signer_for(stack: Any, monkeypatch: Any) -> tuple[LambdaTotpSigner, SignerLambda]:
    module = load_handler_module("functions/signer/app.py", "stratus_fn_signer")
    api = stack.containers["api"]
    monkeypatch.setattr(module, "bootstrap", SimpleNamespace(get_container=lambda: api))
    client = SignerLambda(module)
    return LambdaTotpSigner(client, "stratus-test-signer:live"), client


def test_the_signer_signs_the_runs_totp_request_with_its_key(aws, monkeypatch) -> None:
    stack = build_stack(monkeypatch, ScriptedEngine([StepOutcome()]))
    _, raw_key = stack.containers["api"].keys.create_key("ci")
    event = files.sample_event("api_run_task.json")
    event["headers"]["x-api-key"] = raw_key
    event["body"] = json.dumps(
        {
            "prompt": "log in",
            "url": "https://x.example.com/",
            "totp_url": "https://x.example.com/totp",
        }
    )
    reply = stack.modules["api"].handler(event, None)
    run_id = json.loads(reply["body"])["run_id"]
    run = stack.containers["api"].store.get_run(run_id)
    signer, client = signer_for(stack, monkeypatch)

    from stratus.adapters.aws.lambda_runtime import run_async

    signed = run_async(signer.sign_totp_request(run))
    assert client.payloads == [{"run_id": run_id}]  # the caller chooses no body
    assert json.loads(signed.body) == {"task_id": run_id, "workflow_run_id": run.workflow_run_id}
    expected = hmac.new(raw_key.encode(), signed.body, hashlib.sha256).hexdigest()
    assert signed.headers["x-skyvern-signature"] == expected


def test_an_unknown_run_gets_no_signature(aws, monkeypatch) -> None:
    stack = build_stack(monkeypatch, ScriptedEngine([StepOutcome()]))
    signer, _ = signer_for(stack, monkeypatch)
    from stratus.adapters.aws.lambda_runtime import run_async
    from tests.support.browser_fixtures import make_run

    with pytest.raises(SigningUnavailable, match="no run"):
        run_async(signer.sign_totp_request(make_run("tsk_missing")))
