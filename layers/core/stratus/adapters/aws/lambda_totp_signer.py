"""The 2FA request signer reached through the signer Lambda (the browser function holds no
key material: it sends a run id, the signer builds and signs the body)."""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

import boto3

from ...domain.models import Run
from ...ports import SignedRequest, SigningUnavailable


class LambdaTotpSigner:
    def __init__(self, client: Any, function_name: str) -> None:
        self._client = client
        self._function = function_name

    async def sign_totp_request(self, run: Run) -> SignedRequest:
        reply = await asyncio.to_thread(self._invoke, run.run_id)
        if "error" in reply:
            raise SigningUnavailable(str(reply["error"]))
        return SignedRequest(reply["body"].encode(), dict(reply["headers"]))

    def _invoke(self, run_id: str) -> dict[str, Any]:
        try:
            response = self._client.invoke(
                FunctionName=self._function,
                Payload=json.dumps({"run_id": run_id}).encode(),
            )
            payload = json.loads(response["Payload"].read() or b"{}")
        except Exception as exc:  # the signer is unreachable: the code poll fails, unsigned never
            return {"error": f"the signer could not be called: {type(exc).__name__}: {exc}"}
        if response.get("FunctionError"):
            return {"error": f"the signer failed: {payload.get('errorMessage', payload)}"}
        return payload if isinstance(payload, dict) else {"error": "the signer answered nonsense"}


def build(function_name: str) -> LambdaTotpSigner:
    from . import CLIENT_CONFIG

    session = boto3.session.Session(region_name=os.environ.get("AWS_REGION"))
    return LambdaTotpSigner(session.client("lambda", config=CLIENT_CONFIG), function_name)
