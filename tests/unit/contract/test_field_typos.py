"""Which unknown field names are near misses of known ones, and which are just unknown."""

import pytest

from stratus.contract.field_typos import edit_distance, near_miss, sort_unknown

pytestmark = pytest.mark.unit

KNOWN = ["url", "prompt", "webhook_url", "max_steps", "totp_url", "browser_session_id"]


@pytest.mark.parametrize(
    ("sent", "meant"),
    [
        ("webhookurl", "webhook_url"),
        ("Webhook-URL", "webhook_url"),
        ("max_step", "max_steps"),
        ("maxsteps", "max_steps"),
        ("promtp", "prompt"),
        ("URL", "url"),
        ("browser_sesion_id", "browser_session_id"),
    ],
)
def test_near_misses_name_the_field_meant(sent, meant):
    assert near_miss(sent, KNOWN) == meant


@pytest.mark.parametrize(
    "sent", ["browser_profile_id", "cdp_connect_headers", "extensions", "uri_x", "zzz"]
)
def test_genuinely_new_fields_are_just_unknown(sent):
    assert near_miss(sent, KNOWN) is None


def test_sort_unknown_splits_mistakes_from_new_fields():
    assert sort_unknown(["webhookurl", "browser_type"], KNOWN) == (
        {"webhookurl": "webhook_url"},
        ["browser_type"],
    )


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("promtp", "prompt") == 1
    assert edit_distance("abc", "abc") == 0
    assert edit_distance("", "abc") == 3
