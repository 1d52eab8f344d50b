"""/v1/browser_profiles over the real services and SQLite: made from a session's saved
state (cookies and local storage only), sealed at rest, per organization, and used by runs
and browser sessions as their starting browser state."""

from __future__ import annotations

import json

import pytest
from skyvern.client.types.browser_profile import BrowserProfile

from stratus.contract.responses import BrowserProfileObject
from stratus.domain.browser_sessions import run_state_key, session_state_key

pytestmark = pytest.mark.integration

SIGNED_IN = {
    "storage": {
        "cookies": [{"name": "sid", "value": "s3cr3t-cookie", "domain": "127.0.0.1", "path": "/"}],
        "origins": [
            {"origin": "http://127.0.0.1", "localStorage": [{"name": "user", "value": "chris"}]}
        ],
    },
    "url": "http://127.0.0.1/account",
    "page": {"fields": [{"key": "#username", "index": 0, "value": "typed-by-hand"}]},
    "session_storage": {"draft": "x"},
}


def signed_in_session(api) -> str:
    session = api.post("/v1/browser_sessions", {}).json()
    sid = session["browser_session_id"]
    api.container.artifacts.put(
        session_state_key(sid), json.dumps(SIGNED_IN).encode(), "application/json"
    )
    return sid


def create(api, **body):
    answer = api.post("/v1/browser_profiles", body)
    assert answer.status_code == 200, answer.text
    return answer.json()


def saved_state(api, key: str) -> dict:
    data, _ = api.container.artifacts.get(key)
    return json.loads(data)


def test_a_profile_from_a_session_keeps_cookies_and_storage_sealed(api):
    sid = signed_in_session(api)
    profile = create(api, name="shop", description="signed in", browser_session_id=sid)
    BrowserProfileObject.model_validate(profile)
    assert BrowserProfile.model_validate(profile).browser_profile_id.startswith("bp_")
    assert (profile["name"], profile["organization_id"]) == ("shop", api.organization_id)

    record = api.container.browser_profiles._store.get_browser_profile(
        profile["browser_profile_id"]
    )
    assert "s3cr3t-cookie" not in record.sealed_state and "chris" not in record.sealed_state
    storage = api.container.browser_profiles.storage_for(
        api.organization_id, profile["browser_profile_id"]
    )
    assert storage == SIGNED_IN["storage"]  # no URL, typed values or session storage


def test_a_run_with_a_profile_starts_from_its_state(api):
    profile = create(api, name="shop", browser_session_id=signed_in_session(api))
    answer = api.post(
        "/v1/run/tasks",
        {
            "prompt": "open my account",
            "url": "https://example.com/",
            "engine": "skyvern-1.0",
            "browser_profile_id": profile["browser_profile_id"],
        },
    )
    assert answer.status_code == 200, answer.text
    run = answer.json()
    assert run["browser_profile_id"] == profile["browser_profile_id"]
    assert saved_state(api, run_state_key(run["run_id"])) == {
        "storage": SIGNED_IN["storage"],
        "version": 0,
    }


def test_a_session_with_a_profile_starts_from_its_state(api):
    profile = create(api, name="shop", browser_session_id=signed_in_session(api))
    session = api.post(
        "/v1/browser_sessions",
        {"url": "https://example.com/", "browser_profile_id": profile["browser_profile_id"]},
    ).json()
    assert session["browser_profile_id"] == profile["browser_profile_id"]
    state = saved_state(api, session_state_key(session["browser_session_id"]))
    assert state == {"url": "https://example.com/", "storage": SIGNED_IN["storage"]}


def test_list_get_update_delete(api):
    blank = create(api, name="blank")
    other = create(api, name="other", description="for search")
    assert [p["name"] for p in api.get("/v1/browser_profiles").json()] == ["other", "blank"]
    assert [p["name"] for p in api.get("/v1/browser_profiles", search_key="SEARCH").json()] == [
        "other"
    ]
    pid = blank["browser_profile_id"]
    assert api.get(f"/v1/browser_profiles/{pid}").json()["name"] == "blank"
    renamed = api.client.patch(
        f"/v1/browser_profiles/{pid}", json={"name": "renamed"}, headers=api.headers
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "renamed"
    clash = api.client.patch(
        f"/v1/browser_profiles/{pid}", json={"name": "other"}, headers=api.headers
    )
    assert clash.status_code == 409
    assert api.post("/v1/browser_profiles", {"name": "other"}).status_code == 409
    gone = api.client.delete(f"/v1/browser_profiles/{pid}", headers=api.headers)
    assert gone.status_code == 204
    assert api.get(f"/v1/browser_profiles/{pid}").status_code == 404
    assert [p["name"] for p in api.get("/v1/browser_profiles").json()] == ["other"]
    listed = api.get("/v1/browser_profiles", include_deleted="true").json()
    assert [p["deleted_at"] is not None for p in listed] == [False, True]
    assert other["browser_profile_id"] in {p["browser_profile_id"] for p in listed}


def test_another_organization_cannot_see_or_use_a_profile(api):
    profile = create(api, name="mine", browser_session_id=signed_in_session(api))
    pid = profile["browser_profile_id"]
    theirs = api.other_key()
    assert api.client.get(f"/v1/browser_profiles/{pid}", headers=theirs).status_code == 404
    assert api.client.get("/v1/browser_profiles", headers=theirs).json() == []
    assert api.client.delete(f"/v1/browser_profiles/{pid}", headers=theirs).status_code == 404
    used = api.client.post(
        "/v1/run/tasks",
        json={"prompt": "x", "url": "https://example.com/", "browser_profile_id": pid},
        headers=theirs,
    )
    assert used.status_code == 404
    session = api.client.post(
        "/v1/browser_sessions", json={"browser_profile_id": pid}, headers=theirs
    )
    assert session.status_code == 404
    # nor can it make a profile from this organization's session
    sid = signed_in_session(api)
    stolen = api.client.post(
        "/v1/browser_profiles", json={"name": "x", "browser_session_id": sid}, headers=theirs
    )
    assert stolen.status_code == 404


def test_a_session_without_saved_state_cannot_make_a_profile(api):
    sid = api.post("/v1/browser_sessions", {}).json()["browser_session_id"]
    answer = api.post("/v1/browser_profiles", {"name": "x", "browser_session_id": sid})
    assert answer.status_code == 400 and "no saved browser state" in answer.text


def test_a_closed_session_keeps_its_cookies_for_a_profile(api):
    sid = signed_in_session(api)
    assert api.post(f"/v1/browser_sessions/{sid}/close").status_code == 200
    assert saved_state(api, session_state_key(sid))["closed"] is True
    profile = create(api, name="after close", browser_session_id=sid)
    storage = api.container.browser_profiles.storage_for(
        api.organization_id, profile["browser_profile_id"]
    )
    assert storage == SIGNED_IN["storage"]


def test_a_profile_and_a_session_on_one_run_are_refused(api):
    profile = create(api, name="p")
    sid = api.post("/v1/browser_sessions", {}).json()["browser_session_id"]
    answer = api.post(
        "/v1/run/tasks",
        {
            "prompt": "x",
            "url": "https://example.com/",
            "browser_session_id": sid,
            "browser_profile_id": profile["browser_profile_id"],
        },
    )
    assert answer.status_code == 400 and "browser_profile_id" in answer.text


def test_a_profile_from_a_run_takes_its_saved_state(api):
    run = api.post(
        "/v1/run/tasks", {"prompt": "x", "url": "https://example.com/", "engine": "skyvern-1.0"}
    ).json()
    assert (
        api.post(
            "/v1/browser_profiles", {"name": "r", "workflow_run_id": run["run_id"]}
        ).status_code
        == 400
    )
    api.container.artifacts.put(
        run_state_key(run["run_id"]), json.dumps(SIGNED_IN).encode(), "application/json"
    )
    profile = create(api, name="from run", workflow_run_id=run["run_id"])
    storage = api.container.browser_profiles.storage_for(
        api.organization_id, profile["browser_profile_id"]
    )
    assert storage == SIGNED_IN["storage"]
    missing = api.post("/v1/browser_profiles", {"name": "m", "workflow_run_id": "wr_404"})
    assert missing.status_code == 404
