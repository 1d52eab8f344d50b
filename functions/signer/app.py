"""The signer function: signs the request to a run's ``totp_url`` with the key that created
the run, for the browser-step function, which holds no key material.

Invoked with ``{"run_id"}``; answers ``{"body", "headers"}`` or ``{"error"}``. It builds the
body itself, so a caller obtains signatures over 2FA requests only.
"""

from __future__ import annotations

from typing import Any

from stratus import bootstrap
from stratus.adapters.aws.lambda_runtime import run_async
from stratus.adapters.aws.observability import lambda_handler
from stratus.ports import SigningUnavailable
from stratus.services.totp_signing import KeyTotpSigner


@lambda_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    container = bootstrap.get_container()
    run_id = str(event.get("run_id") or "")
    run = container.store.get_run(run_id) if run_id else None
    if run is None:
        return {"error": f"no run {run_id!r}"}
    try:
        signed = run_async(KeyTotpSigner(container.keys).sign_totp_request(run))
    except SigningUnavailable as exc:
        return {"error": str(exc)}
    return {"body": signed.body.decode(), "headers": signed.headers}
