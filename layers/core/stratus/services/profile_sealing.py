"""Seal a browser profile's state at rest: envelope encryption over the SecretBox port.

Each state gets a fresh data key (Fernet); the data key is sealed by the SecretBox (the
local master key, or KMS, whose direct encryption is limited to 4 KB) and kept beside the
compressed, encrypted state.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from ..ports import SecretBox

FORMAT = "bp1"


class SealedStateUnreadable(ValueError):
    """The sealed state cannot be opened (another master key, or damaged)."""


def seal_state(box: SecretBox, state: dict[str, Any]) -> str:
    data_key = Fernet.generate_key()
    body = Fernet(data_key).encrypt(zlib.compress(json.dumps(state).encode()))
    return json.dumps({"format": FORMAT, "key": box.seal(data_key.decode()), "body": body.decode()})


def open_state(box: SecretBox, sealed: str) -> dict[str, Any]:
    try:
        envelope = json.loads(sealed)
        if envelope.get("format") != FORMAT:
            raise SealedStateUnreadable(f"unknown sealed state format {envelope.get('format')!r}")
        data_key = box.open(envelope["key"]).encode()
        plain = zlib.decompress(Fernet(data_key).decrypt(envelope["body"].encode()))
        state = json.loads(plain)
    except SealedStateUnreadable:
        raise
    except (ValueError, KeyError, TypeError, InvalidToken, zlib.error) as exc:
        raise SealedStateUnreadable("the profile's sealed state cannot be opened") from exc
    if not isinstance(state, dict):
        raise SealedStateUnreadable("the profile's state is not an object")
    return state
