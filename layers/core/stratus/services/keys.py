"""API keys: created once and shown once; stored as a digest (lookup) and sealed (signing)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from ..domain.ids import new_id
from ..domain.models import ApiKey, Organization
from ..ports import Clock, RunStore, SecretBox

KEY_PREFIX = "sk-stratus-"


def key_digest(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


class KeyService:
    def __init__(self, store: RunStore, secrets_box: SecretBox, clock: Clock) -> None:
        self._store = store
        self._box = secrets_box
        self._clock = clock

    def create_key(self, name: str, organization_id: str | None = None) -> tuple[ApiKey, str]:
        """A new key (and organization, unless one is named). Returns the key and its text."""
        if organization_id is None:
            org = Organization(organization_id=new_id("o"), name=name, created_at=self._clock.now())
            self._store.create_organization(org)
            organization_id = org.organization_id
        elif self._store.get_organization(organization_id) is None:
            raise ValueError(f"organization {organization_id} does not exist")
        raw = KEY_PREFIX + secrets.token_urlsafe(32)
        key = ApiKey(
            key_id=new_id("ak"),
            organization_id=organization_id,
            name=name,
            digest=key_digest(raw),
            sealed=self._box.seal(raw),
            created_at=self._clock.now(),
        )
        self._store.put_api_key(key)
        return key, raw

    def authenticate(self, raw_key: str) -> ApiKey | None:
        if not raw_key or len(raw_key) > 512:
            return None
        key = self._store.find_api_key_by_digest(key_digest(raw_key))
        if key is None or key.revoked:
            return None
        if not hmac.compare_digest(key.digest, key_digest(raw_key)):
            return None
        return key

    def signing_secret(self, key_id: str | None) -> str | None:
        """The plain key that created a run, opened from its sealed copy."""
        if key_id is None:
            return None
        key = self._store.get_api_key(key_id)
        return self._box.open(key.sealed) if key else None
