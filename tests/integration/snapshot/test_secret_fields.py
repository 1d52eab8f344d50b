"""Typed secrets never reach the snapshot (and so never the prompt or its artifacts)."""

import pytest

from stratus.agent.snapshot import take_snapshot

pytestmark = pytest.mark.integration


async def test_one_time_codes_and_passwords_are_masked(page, fixture_server):
    await page.goto(fixture_server.url("/login2fa/verify.html"))
    await page.fill("#code", "482913")
    snapshot = await take_snapshot(page)
    code = next(e for e in snapshot.elements if e.attrs.get("id") == "code")
    assert code.value == "\u2022\u2022\u2022"
    assert "482913" not in snapshot.model_dump_json()

    await page.goto(fixture_server.url("/login2fa/"))
    await page.fill("#username", "ada")
    await page.fill("#password", "s3cret-pass")
    snapshot = await take_snapshot(page)
    assert "s3cret-pass" not in snapshot.model_dump_json()
    user = next(e for e in snapshot.elements if e.attrs.get("id") == "username")
    assert user.value == "ada"  # ordinary fields keep their values
