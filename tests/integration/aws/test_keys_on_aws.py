"""API keys on DynamoDB and KMS: a key revoked or rotated in one process is refused by the
API function on its next request; the sealed key still opens for signing."""

from datetime import timedelta

import pytest
from moto import mock_aws

from stratus.services.keys import key_state
from tests.fakes.runtime import ScriptedEngine, screenshot_outcome
from tests.integration.aws.harness import build_stack

pytestmark = pytest.mark.integration


@pytest.fixture
def stack(monkeypatch):
    with mock_aws():
        yield build_stack(monkeypatch, ScriptedEngine([screenshot_outcome("complete")]))


def test_revoked_key_is_refused_on_the_next_request_and_still_signs(stack) -> None:
    api = stack.containers["api"]
    elsewhere = stack.containers["sweeper"].keys  # another process: the CLI, another Lambda
    key, raw = api.keys.create_key("aws-test")
    assert stack.api("api_list_tasks.json", api_key=raw)["statusCode"] == 200
    elsewhere.revoke(key.key_id)
    assert stack.api("api_list_tasks.json", api_key=raw)["statusCode"] == 403
    assert stack.api("api_run_task.json", api_key=raw)["statusCode"] == 403
    assert elsewhere.signing_secret(key.key_id) == raw
    listed = elsewhere.list_keys(key.organization_id)
    assert [k.key_id for k in listed] == [key.key_id]
    assert listed[0].last_used_at is not None
    assert key_state(listed[0], api.clock.now()) == "revoked"


def test_rotation_keeps_the_old_key_for_its_grace_period_only(stack) -> None:
    api = stack.containers["api"]
    elsewhere = stack.containers["sweeper"].keys
    key, raw = api.keys.create_key("aws-rotate")
    new, new_raw, old = elsewhere.rotate(key.key_id, timedelta(hours=1))
    assert new.organization_id == key.organization_id
    assert stack.api("api_list_tasks.json", api_key=raw)["statusCode"] == 200
    assert stack.api("api_list_tasks.json", api_key=new_raw)["statusCode"] == 200
    elsewhere.rotate(new.key_id, timedelta(0))  # no grace: the new key stops now
    assert stack.api("api_list_tasks.json", api_key=new_raw)["statusCode"] == 403
    assert old.expires_at is not None
    assert {k.key_id for k in elsewhere.list_keys(key.organization_id)} >= {
        key.key_id,
        new.key_id,
    }
