"""SecretBox on KMS: API keys sealed with a customer-managed key and an encryption context."""

from __future__ import annotations

import base64
from typing import Any

SEALED_PREFIX = "kms1:"
ENCRYPTION_CONTEXT = {"app": "stratus", "purpose": "api-key"}
# the data keys that seal browser profiles' state (services.profile_sealing)
PROFILE_ENCRYPTION_CONTEXT = {"app": "stratus", "purpose": "browser-profile"}


class KmsSecretBox:
    """``client`` is a boto3 ``kms`` client, built once per process.

    The encryption context binds each ciphertext to its use: a ciphertext sealed for
    another purpose (or by another app sharing the key) does not open here.
    """

    def __init__(self, client: Any, key_id: str, *, context: dict[str, str] | None = None) -> None:
        self._client = client
        self._key_id = key_id
        self._context = dict(context or ENCRYPTION_CONTEXT)

    def seal(self, plaintext: str) -> str:
        reply = self._client.encrypt(
            KeyId=self._key_id,
            Plaintext=plaintext.encode(),
            EncryptionContext=self._context,
        )
        return SEALED_PREFIX + base64.b64encode(reply["CiphertextBlob"]).decode()

    def open(self, sealed: str) -> str:
        if not sealed.startswith(SEALED_PREFIX):
            raise ValueError("not a KMS-sealed value")
        reply = self._client.decrypt(
            KeyId=self._key_id,
            CiphertextBlob=base64.b64decode(sealed.removeprefix(SEALED_PREFIX)),
            EncryptionContext=self._context,
        )
        return reply["Plaintext"].decode()
