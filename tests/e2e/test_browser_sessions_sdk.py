"""The official SDK's browser-session calls against a real `stratus serve` process."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import wait_for

pytestmark = pytest.mark.e2e

PROMPT = (
    "Apply for the job. Name: Chris P. Bacon, Email: chris@pbacon.com, agree to the privacy policy"
)
TERMINAL = {"completed", "failed", "terminated", "timed_out", "canceled"}


def test_official_sdk_creates_gets_lists_uses_and_closes_a_browser_session(
    server_factory, demo_site
):
    from skyvern.client import Skyvern
    from skyvern.client.core.api_error import ApiError

    server = server_factory()
    server.start()
    sdk = Skyvern(base_url=server.base_url, api_key=server.create_key())

    created = sdk.create_browser_session(url=demo_site.base_url + "/apply", timeout=30)
    sid = created.browser_session_id
    assert sid.startswith("pbs_")
    assert (created.status, created.timeout, created.runnable_id) == ("running", 30, None)
    assert sdk.get_browser_session(sid).browser_session_id == sid
    assert [s.browser_session_id for s in sdk.get_browser_sessions()] == [sid]

    run = sdk.run_task(prompt=PROMPT, engine="skyvern-1.0", browser_session_id=sid)
    assert run.browser_session_id == sid
    held = sdk.get_browser_session(sid)
    assert held.runnable_id in (run.run_id, None)  # None once the run has finished
    done = wait_for(lambda: (r := sdk.get_run(run.run_id)).status in TERMINAL and r, 120)
    assert done.status == "completed", done.failure_reason
    assert sdk.get_browser_session(sid).runnable_id is None

    sdk.close_browser_session(sid)
    closed = sdk.get_browser_session(sid)
    assert closed.status == "completed" and closed.completed_at is not None
    assert sdk.get_browser_sessions() == []
    with pytest.raises(ApiError) as refused:
        sdk.run_task(prompt=PROMPT, engine="skyvern-1.0", browser_session_id=sid)
    assert refused.value.status_code == 400
    with pytest.raises(ApiError) as missing:
        sdk.get_browser_session("pbs_404")
    assert missing.value.status_code == 404
