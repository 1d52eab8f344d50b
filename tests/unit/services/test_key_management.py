"""Listing, revoking and rotating API keys; last use; signing with a run's own key only."""

import hashlib
import hmac
from datetime import timedelta

import pytest

from stratus.domain.engine import StepOutcome
from stratus.domain.models import TaskSpec
from stratus.services.keys import (
    KeyNotFound,
    KeyNotUsable,
    SigningKeyUnavailable,
    key_state,
    parse_duration,
)
from stratus.services.totp import VerificationCodeSource
from stratus.services.totp_signing import KeyTotpSigner
from tests.fakes.runtime import RecordingHttp, ScriptedEngine, no_sleep

pytestmark = pytest.mark.unit

HOOK = "http://127.0.0.1:9/hook"


def run_with_key(h, key_id, **fields):
    """A run whose creating key is ``key_id`` (one that may not exist)."""
    run = h.new_run(**fields)
    return h.container.store.update_run(run.run_id, {"api_key_id": key_id})


async def finish(h, run) -> None:
    for _ in range(10):
        if (await h.container.execution.run_step(run.run_id)).done:
            return


def test_revoked_key_stops_at_once_but_still_signs_its_runs(harness_factory):
    h = harness_factory(ScriptedEngine([]))
    keys = h.container.keys
    revoked = keys.revoke(h.key_id)
    assert revoked.revoked and revoked.revoked_at == h.clock.now()
    assert keys.authenticate(h.raw_key) is None
    assert keys.signing_secret(h.key_id) == h.raw_key
    assert key_state(keys.list_keys()[0], h.clock.now()) == "revoked"
    with pytest.raises(KeyNotFound):
        keys.revoke("ak_missing")


def test_rotation_gives_a_new_key_and_the_old_one_works_until_the_grace_ends(harness_factory):
    h = harness_factory(ScriptedEngine([]))
    keys = h.container.keys
    new, raw, old = keys.rotate(h.key_id, timedelta(hours=24))
    assert raw != h.raw_key and new.key_id != h.key_id
    assert new.organization_id == old.organization_id
    assert old.expires_at == h.clock.now() + timedelta(hours=24)
    assert keys.authenticate(raw).key_id == new.key_id
    h.clock.advance(timedelta(hours=24).total_seconds() - 1)
    assert keys.authenticate(h.raw_key).key_id == h.key_id
    h.clock.advance(1)
    assert keys.authenticate(h.raw_key) is None
    assert keys.authenticate(raw).key_id == new.key_id
    assert keys.signing_secret(h.key_id) == h.raw_key  # runs it created still sign with it
    with pytest.raises(KeyNotUsable):
        keys.rotate(h.key_id, timedelta(hours=1))


def test_rotation_without_grace_stops_the_old_key_now(harness_factory):
    h = harness_factory(ScriptedEngine([]))
    _, raw, _ = h.container.keys.rotate(h.key_id, timedelta(0))
    assert h.container.keys.authenticate(h.raw_key) is None
    assert h.container.keys.authenticate(raw) is not None


def test_last_use_is_written_at_most_once_a_minute(harness_factory):
    h = harness_factory(ScriptedEngine([]))
    store = h.container.store
    writes: list[object] = []
    original = store.mark_api_key_used

    def counting(key_id, at):
        writes.append(at)
        original(key_id, at)

    store.mark_api_key_used = counting  # a recording spy on the fake store
    start = h.clock.now()
    for _ in range(5):
        assert h.container.keys.authenticate(h.raw_key) is not None
        h.clock.advance(10)
    assert writes == [start]
    h.clock.advance(10)  # a minute after the first use
    h.container.keys.authenticate(h.raw_key)
    assert writes == [start, start + timedelta(seconds=60)]
    assert store.get_api_key(h.key_id).last_used_at == start + timedelta(seconds=60)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("24h", 86400), ("90m", 5400), ("1d12h", 129600), ("30s", 30), ("0", 0), ("1.5h", 5400)],
)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "24", "h", "-1h", "1w", "1h junk"])
def test_parse_duration_refuses_nonsense(text):
    with pytest.raises(ValueError):
        parse_duration(text)


async def test_webhook_of_a_run_made_with_a_revoked_key_is_signed_with_that_key(
    harness_factory,
):
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete")]))
    run = h.new_run(webhook_url=HOOK)
    h.container.keys.rotate(h.key_id, timedelta(0))
    h.container.keys.revoke(h.key_id)
    await finish(h, run)
    await h.container.webhooks.deliver(run.run_id)
    sent = h.http.sent[0]
    expected = hmac.new(h.raw_key.encode(), sent.body, hashlib.sha256).hexdigest()
    assert sent.headers["x-skyvern-signature"] == expected
    assert h.container.store.get_run(run.run_id).webhook_state == "sent"


async def test_webhook_without_its_key_fails_with_the_reason_and_sends_nothing(
    harness_factory,
):
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete")]))
    run = run_with_key(h, "ak_gone", webhook_url=HOOK)
    await finish(h, run)
    await h.container.webhooks.deliver(run.run_id)
    assert h.http.sent == []  # never an unsigned (empty-key) request
    attempts = h.container.store.list_webhook_attempts(run.run_id)
    assert len(attempts) == 1  # not retried: no later attempt could sign it
    assert attempts[0].error.startswith("not sent: cannot sign")
    assert "ak_gone" in attempts[0].error
    assert "x-skyvern-signature" not in attempts[0].request_headers
    assert h.container.store.get_run(run.run_id).webhook_state == "failed"


async def test_webhook_resend_without_its_key_reports_why(harness_factory):
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete")]))
    run = run_with_key(h, None, webhook_url=HOOK)
    await finish(h, run)
    report = await h.container.webhooks.retry(h.container.store.get_run(run.run_id))
    assert h.http.sent == [] and report.response is None
    assert "cannot sign" in report.error


async def test_2fa_endpoint_is_not_asked_without_a_key_to_sign_with(harness_factory):
    h = harness_factory(ScriptedEngine([]))
    http = RecordingHttp()
    codes = VerificationCodeSource(
        totp=h.container.totp,
        signer=KeyTotpSigner(h.container.keys),
        http=http,
        allow_private=True,
        sleep=no_sleep,
    )
    run = run_with_key(
        h, "ak_gone", spec=TaskSpec(goal="log in", totp_url="http://127.0.0.1:9/code")
    )
    assert await codes.wait_for_code(run, timeout_seconds=0) is None
    assert http.sent == []
    with pytest.raises(SigningKeyUnavailable):
        h.container.keys.signing_secret("ak_gone")
