from urllib.parse import urlsplit

import pytest

from stratus.domain.models import Step

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("path", ["/v1/credentials/totp", "/api/v1/totp"])
def test_pushed_code_is_parsed_out_of_the_message(api, path):
    response = api.post(
        path,
        {
            "totp_identifier": "john@example.com",
            "content": "Your verification code is 482913. It expires in 10 minutes.",
            "source": "email",
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["code"] == "482913"
    assert body["totp_code_id"].startswith("totp_")
    assert body["organization_id"] == api.organization_id
    codes = api.container.store.find_totp_codes(
        api.organization_id, "john@example.com", created_after=api.clock.now().replace(year=2000)
    )
    assert [c.code for c in codes] == ["482913"]


def test_push_requires_identifier_and_content(api):
    response = api.post("/v1/credentials/totp", {"content": 123456})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["detail"]} == {"totp_identifier", "content"}


def _run_with_artifacts(api):
    run_id = api.post("/v1/run/tasks", {"prompt": "x", "engine": "skyvern-1.0"}).json()["run_id"]
    store = api.container.artifacts
    store.put(f"runs/{run_id}/0/screenshot.png", b"\x89PNG first", "image/png")
    store.put(f"runs/{run_id}/1/screenshot.png", b"\x89PNG second", "image/png")
    store.put(f"runs/{run_id}/1/llm_prompt.json", b"{}", "application/json")
    api.container.store.put_step(
        Step(
            step_id="stp_1",
            run_id=run_id,
            organization_id=api.organization_id,
            order=1,
            artifact_keys={
                "screenshot.png": f"runs/{run_id}/1/screenshot.png",
                "llm_prompt.json": f"runs/{run_id}/1/llm_prompt.json",
            },
        )
    )
    api.container.store.update_run(
        run_id,
        {
            "screenshot_keys": [
                f"runs/{run_id}/0/screenshot.png",
                f"runs/{run_id}/1/screenshot.png",
            ]
        },
    )
    return run_id


def _fetch(api, url):
    parts = urlsplit(url)
    return api.client.get(f"{parts.path}?{parts.query}")


def test_screenshots_are_newest_first_and_downloadable_by_signed_url(api):
    run_id = _run_with_artifacts(api)
    run = api.get(f"/v1/runs/{run_id}").json()
    assert [_fetch(api, url).content for url in run["screenshot_urls"]] == [
        b"\x89PNG second",
        b"\x89PNG first",
    ]
    task = api.get(f"/api/v1/tasks/{run_id}").json()
    assert _fetch(api, task["screenshot_url"]).content == b"\x89PNG second"


def test_artifact_listing_with_types_and_filter(api):
    run_id = _run_with_artifacts(api)
    listing = api.get(f"/v1/runs/{run_id}/artifacts").json()
    assert len(listing) == 3
    assert {a["artifact_type"] for a in listing} == {"screenshot_action", "llm_prompt"}
    assert all(a["artifact_id"].startswith("a_") for a in listing)
    prompt_only = api.get(f"/v1/runs/{run_id}/artifacts", artifact_type="llm_prompt").json()
    assert [a["artifact_type"] for a in prompt_only] == ["llm_prompt"]
    assert (
        _fetch(api, prompt_only[0]["signed_url"])
        .headers["content-type"]
        .startswith("application/json")
    )


def test_bad_or_missing_signatures_are_refused(api):
    run_id = _run_with_artifacts(api)
    url = api.get(f"/v1/runs/{run_id}").json()["screenshot_urls"][0]
    parts = urlsplit(url)
    tampered = parts.query.replace("signature=", "signature=0")
    assert api.client.get(f"{parts.path}?{tampered}").status_code in (403, 422)
    forged = api.client.get(f"{parts.path}?expires=99999999999&signature={'a' * 64}")
    assert forged.status_code == 403
    expired = api.client.get(f"{parts.path}?expires=1&signature={'a' * 64}")
    assert expired.status_code == 403
    assert api.client.get(f"{parts.path}?expires=1&signature=%C3%A9").status_code == 422
    assert api.client.get(parts.path).status_code == 422


def test_deleted_artifact_is_404(api):
    store = api.container.artifacts
    store.put("runs/x/gone.png", b"data", "image/png")
    url = store.url_for("runs/x/gone.png")
    path = store._path("runs/x/gone.png")
    path.unlink()
    assert _fetch(api, url).status_code == 404
