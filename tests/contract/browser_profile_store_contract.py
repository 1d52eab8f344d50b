"""The BrowserProfileStore contract: every adapter (SQLite, DynamoDB on moto, the in-memory
fake) subclasses BrowserProfileStoreContract and provides a ``profile_store`` fixture."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from stratus.domain.browser_profiles import BrowserProfileRecord
from stratus.domain.ids import new_id
from stratus.ports import Conflict, NotFound

T0 = datetime(2026, 3, 1, 12, 0, 0, 250_000, tzinfo=UTC)


def make_profile(
    org: str = "o_1", *, created_at: datetime = T0, **fields: object
) -> BrowserProfileRecord:
    values: dict[str, object] = {
        "browser_profile_id": new_id("bp"),
        "organization_id": org,
        "name": "shop account",
        "sealed_state": '{"format": "bp1", "key": "k", "body": "b"}',
        "created_at": created_at,
        "modified_at": created_at,
    }
    values.update(fields)
    return BrowserProfileRecord(**values)  # type: ignore[arg-type]


class BrowserProfileStoreContract:
    def test_create_and_get_round_trip(self, profile_store) -> None:
        record = make_profile(
            description="signed in as chris",
            source_browser_session_id="pbs_1",
            proxy_location={"country": "US"},
        )
        profile_store.create_browser_profile(record)
        assert profile_store.get_browser_profile(record.browser_profile_id) == record

    def test_missing_profile_is_none(self, profile_store) -> None:
        assert profile_store.get_browser_profile("bp_404") is None
        assert profile_store.list_browser_profiles("o_404") == []

    def test_create_refuses_an_existing_id(self, profile_store) -> None:
        record = make_profile()
        profile_store.create_browser_profile(record)
        with pytest.raises(Conflict):
            profile_store.create_browser_profile(record.model_copy(update={"name": "other"}))
        assert profile_store.get_browser_profile(record.browser_profile_id) == record

    def test_list_is_the_organizations_newest_first(self, profile_store) -> None:
        older = make_profile("o_1", created_at=T0)
        newer = make_profile("o_1", created_at=T0 + timedelta(minutes=1))
        other = make_profile("o_2")
        for record in (older, newer, other):
            profile_store.create_browser_profile(record)
        assert profile_store.list_browser_profiles("o_1") == [newer, older]
        assert profile_store.list_browser_profiles("o_2") == [other]

    def test_update_changes_only_the_given_fields(self, profile_store) -> None:
        record = make_profile(description="before")
        profile_store.create_browser_profile(record)
        later = T0 + timedelta(hours=1)
        updated = profile_store.update_browser_profile(
            record.browser_profile_id, {"name": "renamed", "modified_at": later}
        )
        assert (updated.name, updated.description, updated.modified_at) == (
            "renamed",
            "before",
            later,
        )
        assert updated.sealed_state == record.sealed_state
        assert profile_store.get_browser_profile(record.browser_profile_id) == updated

    def test_update_of_a_missing_profile_is_not_found(self, profile_store) -> None:
        with pytest.raises(NotFound):
            profile_store.update_browser_profile("bp_404", {"name": "x"})

    def test_deleted_profiles_are_listed_only_when_asked_for(self, profile_store) -> None:
        kept = make_profile("o_1")
        gone = make_profile("o_1", created_at=T0 + timedelta(minutes=1))
        for record in (kept, gone):
            profile_store.create_browser_profile(record)
        deleted = profile_store.update_browser_profile(
            gone.browser_profile_id, {"deleted_at": T0 + timedelta(hours=1)}
        )
        assert profile_store.list_browser_profiles("o_1") == [kept]
        assert profile_store.list_browser_profiles("o_1", include_deleted=True) == [deleted, kept]
        assert profile_store.get_browser_profile(gone.browser_profile_id) == deleted
