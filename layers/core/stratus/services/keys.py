"""API keys: created once and shown once; stored as a digest (lookup) and sealed (signing).

A key can be revoked (it stops at once) or rotated (a new key for the same organization;
the old one keeps working for a grace period, then stops). Either way the key record and
its sealed copy stay, so the runs it created are still signed with it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from ..domain.ids import new_id
from ..domain.models import ApiKey, Organization
from ..ports import Clock, RunStore, SecretBox
from .signing import new_webhook_secret

KEY_PREFIX = "sk-stratus-"
# A key's last use is written at most this often (one store write per key per minute).
LAST_USED_RESOLUTION = timedelta(minutes=1)

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)([smhd])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class KeyNotFound(LookupError):
    """No API key with that id."""


class KeyNotUsable(ValueError):
    """The key is revoked or expired: there is nothing left to rotate."""


class SigningKeyUnavailable(LookupError):
    """The key that created a run cannot be found, so nothing can be signed with it."""


def key_digest(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def parse_duration(text: str) -> timedelta:
    """``24h``, ``90m``, ``1d12h``, ``30s`` or ``0``: a non-negative duration."""
    cleaned = text.strip().lower()
    if cleaned == "0":
        return timedelta(0)
    parts = _DURATION_PART.findall(cleaned)
    if not parts or "".join(n + u for n, u in parts) != cleaned:
        raise ValueError(f"not a duration: {text!r} (use e.g. 24h, 90m, 1d12h, 30s or 0)")
    return timedelta(seconds=sum(float(n) * _UNIT_SECONDS[u] for n, u in parts))


class KeyService:
    def __init__(self, store: RunStore, secrets_box: SecretBox, clock: Clock) -> None:
        self._store = store
        self._box = secrets_box
        self._clock = clock

    def create_key(self, name: str, organization_id: str | None = None) -> tuple[ApiKey, str]:
        """A new key (and organization, unless one is named). Returns the key and its text."""
        if organization_id is None:
            org = Organization(
                organization_id=new_id("o"),
                name=name,
                created_at=self._clock.now(),
                webhook_secret_sealed=self._box.seal(new_webhook_secret()),
            )
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
        """The key, if it exists and still works now; its use is recorded (once a minute)."""
        if not raw_key or len(raw_key) > 512:
            return None
        key = self._store.find_api_key_by_digest(key_digest(raw_key))
        if key is None or not hmac.compare_digest(key.digest, key_digest(raw_key)):
            return None
        now = self._clock.now()
        if not key.usable_at(now):
            return None
        if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
            self._store.mark_api_key_used(key.key_id, now)
            key = key.model_copy(update={"last_used_at": now})
        return key

    def list_keys(self, organization_id: str | None = None) -> list[ApiKey]:
        return self._store.list_api_keys(organization_id)

    def revoke(self, key_id: str) -> ApiKey:
        """Stop the key now: the next request with it is refused as an unknown key is."""
        key = self._store.revoke_api_key(key_id, self._clock.now())
        if key is None:
            raise KeyNotFound(f"API key {key_id} does not exist")
        return key

    def rotate(self, key_id: str, grace: timedelta) -> tuple[ApiKey, str, ApiKey]:
        """A new key for the old one's organization; the old one stops after ``grace``.
        Returns the new key, its text, and the old key with its expiry."""
        if grace < timedelta(0):
            raise ValueError("the grace period cannot be negative")
        old = self._store.get_api_key(key_id)
        if old is None:
            raise KeyNotFound(f"API key {key_id} does not exist")
        if not old.usable_at(self._clock.now()):
            raise KeyNotUsable(f"API key {key_id} is revoked or expired; create a new key")
        new, raw = self.create_key(old.name, old.organization_id)
        # the new key exists before the old one is limited: a failure here loses nothing
        expired = self._store.expire_api_key(key_id, self._clock.now() + grace)
        return new, raw, expired or old

    def webhook_secret(self, organization_id: str) -> str:
        """The organization's Standard Webhooks ``whsec_`` secret, opened from its sealed
        copy; an organization made before these secrets existed gets one now."""
        org = self._store.get_organization(organization_id)
        if org is None:
            raise SigningKeyUnavailable(f"organization {organization_id} does not exist")
        if org.webhook_secret_sealed:
            return self._box.open(org.webhook_secret_sealed)
        secret = new_webhook_secret()
        org.webhook_secret_sealed = self._box.seal(secret)
        self._store.create_organization(org)
        return secret

    def signing_secret(self, key_id: str | None) -> str:
        """The plain key that created a run, opened from its sealed copy (also after the key
        was revoked or rotated). Raises SigningKeyUnavailable when there is none."""
        if key_id is None:
            raise SigningKeyUnavailable("the run has no API key to sign with")
        key = self._store.get_api_key(key_id)
        if key is None:
            raise SigningKeyUnavailable(f"the API key that created the run ({key_id}) is gone")
        secret = self._box.open(key.sealed)
        if not secret:
            raise SigningKeyUnavailable(f"the API key {key_id} opened to nothing")
        return secret


def key_state(key: ApiKey, now: datetime) -> str:
    """``active``, ``revoked``, ``expired`` or ``expires <time>`` (a rotated key in grace)."""
    if key.revoked:
        return "revoked"
    if key.expires_at is None:
        return "active"
    if now >= key.expires_at:
        return "expired"
    return f"expires {key.expires_at.isoformat(timespec='seconds')}"
