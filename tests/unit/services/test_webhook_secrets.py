"""Webhook signatures as receivers check them: ``x-skyvern-signature`` with hmac and the API
key (the contract), ``webhook-signature`` with the official ``standardwebhooks`` library and
the organization's ``whsec_`` secret, taken as is."""

import hashlib
import hmac

import pytest

from stratus.domain.engine import StepOutcome
from stratus.services.signing import WEBHOOK_SECRET_PREFIX
from tests.fakes.runtime import ScriptedEngine

standardwebhooks = pytest.importorskip("standardwebhooks")

pytestmark = pytest.mark.unit

HOOK = "http://127.0.0.1:9/hook"


async def test_both_signatures_verify_with_the_receivers_libraries(harness_factory):
    h = harness_factory(ScriptedEngine([StepOutcome(decision="complete", output={"x": 1})]))
    run = h.new_run(webhook_url=HOOK)
    for _ in range(10):
        if (await h.container.execution.run_step(run.run_id)).done:
            break
    await h.container.webhooks.deliver(run.run_id)
    sent = h.http.sent[0]
    body = sent.body if isinstance(sent.body, bytes) else sent.body.encode()

    expected = hmac.new(h.raw_key.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(expected, sent.headers["x-skyvern-signature"])

    secret = h.container.keys.webhook_secret(run.organization_id)
    assert secret.startswith(WEBHOOK_SECRET_PREFIX)
    payload = standardwebhooks.Webhook(secret).verify(body, dict(sent.headers))
    assert payload["status"] == "completed"
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        standardwebhooks.Webhook(secret).verify(body + b" ", dict(sent.headers))
    # the API key, wrapped by hand, no longer signs it
    other = standardwebhooks.Webhook(h.raw_key.encode())
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        other.verify(body, dict(sent.headers))


def test_the_secret_is_made_with_the_organization_and_sealed_at_rest(harness_factory):
    h = harness_factory(ScriptedEngine([]))
    key = h.container.store.get_api_key(h.key_id)
    org = h.container.store.get_organization(key.organization_id)
    secret = h.container.keys.webhook_secret(org.organization_id)
    assert org.webhook_secret_sealed and secret not in org.webhook_secret_sealed
    assert h.container.keys.webhook_secret(org.organization_id) == secret  # stable
    # another key for the organization shares it; another organization has its own
    h.container.keys.create_key("second", org.organization_id)
    assert h.container.keys.webhook_secret(org.organization_id) == secret
    other, _ = h.container.keys.create_key("elsewhere")
    assert h.container.keys.webhook_secret(other.organization_id) != secret


def test_an_organization_from_before_gets_a_secret_when_first_needed(harness_factory):
    h = harness_factory(ScriptedEngine([]))
    store = h.container.store
    org = store.get_organization(store.get_api_key(h.key_id).organization_id)
    store.create_organization(org.model_copy(update={"webhook_secret_sealed": None}))
    secret = h.container.keys.webhook_secret(org.organization_id)
    assert secret.startswith(WEBHOOK_SECRET_PREFIX)
    assert h.container.keys.webhook_secret(org.organization_id) == secret
