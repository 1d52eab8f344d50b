"""/v1/browser_sessions over the real services and SQLite, and runs naming a session."""

from __future__ import annotations

import pytest
from skyvern.client.types.browser_session_response import BrowserSessionResponse

from stratus.contract.responses import BrowserSessionObject
from stratus.domain.status import RunStatus

pytestmark = pytest.mark.integration


def create(api, **body):
    answer = api.post("/v1/browser_sessions", body)
    assert answer.status_code == 200, answer.text
    return answer.json()


def run_on(api, session_id, **body):
    return api.post(
        "/v1/run/tasks",
        {
            "prompt": "look around",
            "url": "https://example.com/",
            **body,
            "browser_session_id": session_id,
        },
    )


def test_create_answers_the_sdks_shape_with_defaults(api):
    session = create(api, url="https://example.com/start")
    assert session["browser_session_id"].startswith("pbs_")
    assert session["organization_id"] == api.organization_id
    assert session["status"] == "running"
    assert session["timeout"] == 60
    assert session["runnable_id"] is None and session["completed_at"] is None
    BrowserSessionObject.model_validate(session)
    parsed = BrowserSessionResponse.model_validate(session)
    assert parsed.browser_session_id == session["browser_session_id"]


def test_get_list_and_close(api):
    first = create(api, timeout=5)
    second = create(api, timeout=240)
    got = api.get(f"/v1/browser_sessions/{first['browser_session_id']}").json()
    assert got == first
    listed = api.get("/v1/browser_sessions").json()
    assert [s["browser_session_id"] for s in listed] == [
        second["browser_session_id"],
        first["browser_session_id"],
    ]
    api.clock.advance(30)
    closed = api.post(f"/v1/browser_sessions/{first['browser_session_id']}/close")
    assert closed.status_code == 200
    assert closed.json()["status"] == "completed"
    assert closed.json()["completed_at"] is not None
    again = api.post(f"/v1/browser_sessions/{first['browser_session_id']}/close")
    assert again.json() == closed.json()  # closing twice changes nothing
    listed = api.get("/v1/browser_sessions").json()
    assert [s["browser_session_id"] for s in listed] == [second["browser_session_id"]]


@pytest.mark.parametrize("timeout", [4, 241, 0, -1, "soon"])
def test_timeout_out_of_bounds_is_a_422_naming_it(api, timeout):
    answer = api.post("/v1/browser_sessions", {"timeout": timeout})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["field"] == "timeout"


def test_sdk_nulls_and_unknown_fields_are_accepted(api):
    session = create(api, url=None, timeout=None, extensions=None, browser_type=None)
    assert session["timeout"] == 60


def test_another_organizations_session_and_bad_ids_are_404(api):
    session = create(api)
    sid = session["browser_session_id"]
    other = api.other_key()
    for path in (
        f"/v1/browser_sessions/{sid}",
        "/v1/browser_sessions/pbs_404",
        "/v1/browser_sessions/nope",
    ):
        assert (
            api.client.get(path, headers=other if sid in path else api.headers).status_code == 404
        )
    assert api.client.post(f"/v1/browser_sessions/{sid}/close", headers=other).status_code == 404
    assert api.client.get("/v1/browser_sessions", headers=other).json() == []
    assert api.get(f"/v1/browser_sessions/{sid}").json()["status"] == "running"


def test_routes_need_a_key(api):
    assert api.client.get("/v1/browser_sessions").status_code == 401
    assert api.client.post("/v1/browser_sessions", json={}).status_code == 401
    bad = {"x-api-key": "wrong"}
    assert api.client.get("/v1/browser_sessions/pbs_1", headers=bad).status_code == 403


def test_a_session_past_its_timeout_ends_as_timeout(api):
    session = create(api, timeout=5)
    sid = session["browser_session_id"]
    api.clock.advance(5 * 60 - 1)
    assert api.get(f"/v1/browser_sessions/{sid}").json()["status"] == "running"
    api.clock.advance(1)
    ended = api.get(f"/v1/browser_sessions/{sid}").json()
    assert ended["status"] == "timeout"
    assert api.get("/v1/browser_sessions").json() == []
    refused = run_on(api, sid)
    assert refused.status_code == 400
    assert refused.json()["field"] == "browser_session_id"
    assert "timeout" in refused.json()["detail"]


def test_a_run_on_a_session_holds_it_until_it_finishes(api):
    sid = create(api)["browser_session_id"]
    first = run_on(api, sid)
    assert first.status_code == 200, first.text
    run_id = first.json()["run_id"]
    assert first.json()["browser_session_id"] == sid
    held = api.get(f"/v1/browser_sessions/{sid}").json()
    assert (held["runnable_id"], held["runnable_type"]) == (run_id, "task")

    busy = run_on(api, sid)
    assert busy.status_code == 400
    assert busy.json()["field"] == "browser_session_id"
    assert run_id in busy.json()["detail"]
    assert api.orchestrator.started == [run_id]  # the refused run was never started

    api.container.lifecycle.finish(run_id, RunStatus.completed)
    assert api.get(f"/v1/browser_sessions/{sid}").json()["runnable_id"] is None
    second = run_on(api, sid)
    assert second.status_code == 200, second.text
    assert api.get(f"/v1/browser_sessions/{sid}").json()["runnable_id"] == second.json()["run_id"]


def test_v1_and_v2_task_routes_claim_the_session_too(api):
    sid = create(api)["browser_session_id"]
    v2 = api.post(
        "/api/v2/tasks",
        {"user_prompt": "look", "url": "https://example.com/", "browser_session_id": sid},
    )
    assert v2.status_code == 200, v2.text
    assert api.get(f"/v1/browser_sessions/{sid}").json()["runnable_type"] == "workflow_run"
    v1 = api.post(
        "/api/v1/tasks",
        {"url": "https://example.com/", "navigation_goal": "look", "browser_session_id": sid},
    )
    assert v1.status_code == 400
    assert v1.json()["field"] == "browser_session_id"


@pytest.mark.parametrize("which", ["unknown", "malformed", "foreign", "closed"])
def test_a_run_naming_an_unusable_session_is_refused_at_creation(api, which):
    sid = create(api)["browser_session_id"]
    if which == "unknown":
        sid = "pbs_404"
    elif which == "malformed":
        sid = "sess_123"
    elif which == "foreign":
        other = api.other_key()
        answer = api.client.post("/v1/browser_sessions", json={}, headers=other)
        sid = answer.json()["browser_session_id"]
    else:
        api.post(f"/v1/browser_sessions/{sid}/close")
    refused = run_on(api, sid)
    assert refused.status_code == 400
    assert refused.json()["field"] == "browser_session_id"
    assert sid in refused.json()["detail"]
    assert api.orchestrator.started == []


def test_session_and_browser_address_together_are_refused(api):
    sid = create(api)["browser_session_id"]
    refused = run_on(api, sid, browser_address="http://127.0.0.1:9222")
    assert refused.status_code == 400
    assert refused.json()["field"] == "browser_session_id"


def test_extend_adds_minutes_up_to_six_hours_from_the_start(api):
    session_id = create(api, timeout=60)["browser_session_id"]
    path = f"/v1/browser_sessions/{session_id}/extend"
    extended = api.post(path, {"additional_minutes": 30})
    assert extended.status_code == 200, extended.text
    assert extended.json()["timeout"] == 90
    assert api.post(path, {"additional_minutes": 300}).json()["timeout"] == 360
    assert api.post(path, {"additional_minutes": 0}).status_code == 422
    api.post(f"/v1/browser_sessions/{session_id}/close")
    ended = api.post(path, {"additional_minutes": 5})
    assert ended.status_code == 400 and "has ended" in ended.json()["detail"]
    assert (
        api.post("/v1/browser_sessions/pbs_nope/extend", {"additional_minutes": 5}).status_code
        == 404
    )


def test_update_accepts_only_what_a_stratus_session_is(api):
    session_id = create(api)["browser_session_id"]
    path = f"/v1/browser_sessions/{session_id}"
    kept = api.client.patch(path, json={"generate_browser_profile": False}, headers=api.headers)
    assert kept.status_code == 200 and kept.json()["generate_browser_profile"] is False
    refused = api.client.patch(path, json={"generate_browser_profile": True}, headers=api.headers)
    assert refused.status_code == 400 and "browser profiles" in refused.json()["detail"]
    missing = api.client.patch(
        "/v1/browser_sessions/pbs_nope",
        json={"generate_browser_profile": False},
        headers=api.headers,
    )
    assert missing.status_code == 404
