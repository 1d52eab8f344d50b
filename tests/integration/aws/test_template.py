"""What template.yaml promises, read from the template itself (no AWS needed)."""

import ast
import json
import subprocess
import sys

import pytest

from tests.integration.aws.stack import EVENTS, ROOT, resource, template

pytestmark = pytest.mark.integration

ZIP_FUNCTIONS = ("ApiFunction", "WebhookFunction", "FinalizeFunction")


def functions() -> dict[str, dict]:
    return {
        name: res
        for name, res in template()["Resources"].items()
        if res["Type"] == "AWS::Serverless::Function"
    }


def test_every_zip_handler_exists_and_defines_handler() -> None:
    for name in ZIP_FUNCTIONS:
        props = resource(name)["Properties"]
        module, _, function = props["Handler"].partition(".")
        source = ROOT / props["CodeUri"] / f"{module}.py"
        tree = ast.parse(source.read_text())
        defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        assert function in defined, f"{name}: {source} has no {function}()"
        assert props["Runtime"] in ("python3.11", "python3.12")
        assert props["Layers"] == [{"Ref": "CoreLayer"}]


def test_browser_function_is_an_image_built_from_the_dockerfile() -> None:
    browser = resource("BrowserFunction")
    assert browser["Properties"]["PackageType"] == "Image"
    dockerfile = ROOT / browser["Metadata"]["DockerContext"] / browser["Metadata"]["Dockerfile"]
    text = dockerfile.read_text()
    assert "playwright install" not in text  # the distribution's chromium, no download
    assert 'CMD ["app.handler"]' in text
    memory = template()["Parameters"]["BrowserMemorySize"]
    assert all(2048 <= m <= 3008 for m in memory["AllowedValues"])


def test_table_is_on_demand_with_recovery_encryption_and_ttl() -> None:
    props = resource("RunsTable")["Properties"]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["SSESpecification"]["SSEEnabled"] is True
    assert props["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}


def test_bucket_is_private_encrypted_and_expires() -> None:
    props = resource("ArtifactsBucket")["Properties"]
    assert all(props["PublicAccessBlockConfiguration"].values())
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert props["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"]


def test_no_function_gets_a_wildcard_resource() -> None:
    def statements(policies):
        for policy in policies:
            if isinstance(policy, dict) and "Statement" in policy:
                yield from policy["Statement"]
            elif isinstance(policy, dict) and "Fn::If" in policy:
                yield from statements([p for p in policy["Fn::If"][1:] if isinstance(p, dict)])

    for name, fn in functions().items():
        for statement in statements(fn["Properties"].get("Policies", [])):
            assert statement["Resource"] != "*", f"{name}: {statement}"


def test_state_machine_retries_lambda_faults_and_catches_the_rest() -> None:
    definition = json.loads((ROOT / "statemachine/run.asl.json").read_text())
    step = definition["States"]["RunStep"]
    retried = set(step["Retry"][0]["ErrorEquals"])
    assert {"Lambda.ServiceException", "Lambda.TooManyRequestsException"} <= retried
    assert step["Catch"][0]["ErrorEquals"] == ["States.ALL"]
    assert definition["States"][step["Catch"][0]["Next"]]["Type"] == "Task"


def test_every_handler_has_sample_events() -> None:
    names = {path.name for path in EVENTS.glob("*.json")}
    assert {"api_run_task.json", "api_get_run.json", "step_input.json"} <= names
    assert {"run_finished.json", "execution_status_change.json", "step_failed.json"} <= names


def test_api_url_is_an_output() -> None:
    assert "ApiUrl" in template()["Outputs"]


BLOCK_HEAVY = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('playwright', 'litellm'):
            raise ImportError('not in the core layer: ' + name)
sys.meta_path.insert(0, Block())
import importlib.util
for index, path in enumerate(sys.argv[1:]):
    spec = importlib.util.spec_from_file_location(f'fn{index}', path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
from stratus.bootstrap import build_container
from stratus.api.app import create_app
from stratus.config import Settings
settings = Settings(mode='aws', runs_table='t', artifacts_bucket='b', kms_key_id='k')
container = build_container(settings)
create_app(container)
container.webhooks, container.lifecycle, container.runs  # what the zip functions use
print('ok')
"""


def test_zip_functions_load_without_playwright_or_litellm(tmp_path) -> None:
    """The core layer leaves out playwright and litellm; the zip functions must not need them."""
    paths = [str(ROOT / resource(n)["Properties"]["CodeUri"] / "app.py") for n in ZIP_FUNCTIONS]
    script = tmp_path / "load.py"
    script.write_text(BLOCK_HEAVY)
    result = subprocess.run(
        [sys.executable, str(script), *paths],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={
            "LITELLM_LOCAL_MODEL_COST_MAP": "True",
            "PATH": "/usr/bin:/bin",
            "AWS_REGION": "us-east-1",
        },
        timeout=120,
    )
    assert result.stdout.strip() == "ok", result.stderr[-2000:]
