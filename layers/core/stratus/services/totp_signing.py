"""The request Stratus sends to a run's ``totp_url``, signed with the key that created the run.

Signing needs the plain API key. Where the process that polls for codes must not hold key
material (the browser-step function on AWS, which runs untrusted pages), it asks a signer
that builds the body itself from the run id: whoever can call the signer obtains signatures
over 2FA requests only, never over a body of its choosing (such as a forged webhook).
"""

from __future__ import annotations

import time

from ..domain.ids import new_id
from ..domain.models import Run
from ..ports import SignedRequest, SigningUnavailable
from .keys import KeyService, SigningKeyUnavailable
from .signing import compact_json, signed_headers


def totp_request_body(run: Run) -> bytes:
    return compact_json({"task_id": run.run_id, "workflow_run_id": run.workflow_run_id})


class KeyTotpSigner:
    """Signs with the run's own key, opened here (processes that may hold keys)."""

    def __init__(self, keys: KeyService) -> None:
        self._keys = keys

    async def sign_totp_request(self, run: Run) -> SignedRequest:
        try:
            secret = self._keys.signing_secret(run.api_key_id)
            webhook_secret = self._keys.webhook_secret(run.organization_id)
        except SigningKeyUnavailable as exc:
            raise SigningUnavailable(str(exc)) from exc
        body = totp_request_body(run)
        headers = signed_headers(secret, new_id("totp"), int(time.time()), body, webhook_secret)
        return SignedRequest(body, headers)
