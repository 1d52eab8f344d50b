"""The official SDK's browser-profile calls, unchanged, against a real `stratus serve`:
a session signs in to a fixture site, a profile is made from it, a new run with that profile
reaches the signed-in page without the password, and another organization cannot use it."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import wait_for

pytestmark = pytest.mark.e2e

TERMINAL = {"completed", "failed", "terminated", "timed_out", "canceled"}
SIGN_IN = "Sign in. Email: chris@pbacon.com, Password: hunter2"
WHO = {"type": "object", "properties": {"signed_in_as": {"type": "string"}}}


def finished(sdk, run_id):
    return wait_for(lambda: (r := sdk.get_run(run_id)).status in TERMINAL and r, 120)


def test_a_profile_from_a_signed_in_session_starts_a_signed_in_run(server_factory, fixture_server):
    from skyvern.client import Skyvern
    from skyvern.client.core.api_error import ApiError

    server = server_factory()
    server.start()
    sdk = Skyvern(base_url=server.base_url, api_key=server.create_key())
    login = fixture_server.url("/account/")

    session = sdk.create_browser_session(url=login, timeout=30)
    sid = session.browser_session_id
    signed_in = sdk.run_task(prompt=SIGN_IN, engine="skyvern-1.0", browser_session_id=sid)
    done = finished(sdk, signed_in.run_id)
    assert done.status == "completed", done.failure_reason

    profile = sdk.create_browser_profile(name="orders", browser_session_id=sid)
    assert profile.browser_profile_id.startswith("bp_")
    assert [p.browser_profile_id for p in sdk.list_browser_profiles()] == [
        profile.browser_profile_id
    ]
    assert sdk.get_browser_profile(profile.browser_profile_id).name == "orders"
    renamed = sdk.update_browser_profile(profile.browser_profile_id, name="orders account")
    assert renamed.name == "orders account"
    sdk.close_browser_session(sid)

    run = sdk.run_task(
        prompt="Find who is signed in",
        url=login,
        engine="skyvern-1.0",
        data_extraction_schema=WHO,
        request_options={
            "additional_body_parameters": {"browser_profile_id": profile.browser_profile_id}
        },
    )
    assert run.browser_profile_id == profile.browser_profile_id
    done = finished(sdk, run.run_id)
    assert done.status == "completed", done.failure_reason
    assert done.output == {"signed_in_as": "chris@pbacon.com"}  # read from the signed-in page
    steps = server_steps(server, sdk, run.run_id)
    assert "/account/orders.html" in str(steps)  # the signed-in page, no sign-in step
    assert "hunter2" not in str(steps) and "hunter2" not in str(done.output)

    other = Skyvern(base_url=server.base_url, api_key=server.create_key())
    with pytest.raises(ApiError) as hidden:
        other.get_browser_profile(profile.browser_profile_id)
    assert hidden.value.status_code == 404
    with pytest.raises(ApiError) as refused:
        other.run_task(
            prompt="Open the orders page",
            url=login,
            engine="skyvern-1.0",
            request_options={
                "additional_body_parameters": {"browser_profile_id": profile.browser_profile_id}
            },
        )
    assert refused.value.status_code == 404

    sdk.delete_browser_profile(profile.browser_profile_id)
    with pytest.raises(ApiError) as gone:
        sdk.get_browser_profile(profile.browser_profile_id)
    assert gone.value.status_code == 404


def server_steps(server, sdk, run_id):
    import httpx

    key = sdk._client_wrapper.get_headers()["x-api-key"]
    answer = httpx.get(f"{server.base_url}/api/v1/tasks/{run_id}/steps", headers={"x-api-key": key})
    return answer.json()
