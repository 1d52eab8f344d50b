"""Run creation refuses start URLs and remote browsers at private addresses (400 naming
the field) when private URLs are not allowed; the allow-list and local mode admit them."""

import pytest

from tests.integration.api.conftest import make_api

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "http://localhost/login",
        "http://2130706433/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:10.0.0.1]/",
    ],
)
def test_private_start_urls_are_refused_naming_url(tmp_path, url) -> None:
    api = make_api(tmp_path, allow_private_urls=False)
    for path, body in [
        ("/v1/run/tasks", {"prompt": "x", "url": url}),
        ("/api/v1/tasks", {"url": url, "navigation_goal": "x"}),
        ("/api/v2/tasks", {"user_prompt": "x", "url": url}),
    ]:
        response = api.post(path, body)
        assert response.status_code == 400, (path, response.text)
        assert response.json()["field"] == "url"
        assert "blocked: private address" in response.text
    assert api.orchestrator.started == []


def test_private_browser_address_is_refused_unless_allow_listed(tmp_path) -> None:
    api = make_api(tmp_path, allow_private_urls=False)
    body = {"prompt": "x", "browser_address": "http://10.0.0.7:9222"}
    response = api.post("/v1/run/tasks", body)
    assert response.status_code == 400 and response.json()["field"] == "browser_address"
    allowed = make_api(
        tmp_path / "b", allow_private_urls=False, browser_allowed_private=["10.0.0.0/8"]
    )
    assert allowed.post("/v1/run/tasks", body).status_code == 200


def test_local_mode_allows_private_start_urls(tmp_path) -> None:
    api = make_api(tmp_path)
    response = api.post("/v1/run/tasks", {"prompt": "x", "url": "http://127.0.0.1:8000/"})
    assert response.status_code == 200


def test_a_browser_session_at_a_private_url_is_refused_naming_url(tmp_path) -> None:
    api = make_api(tmp_path, allow_private_urls=False)
    response = api.post("/v1/browser_sessions", {"url": "http://169.254.169.254/latest/"})
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "url"
    assert "blocked: private address" in response.text
    assert (
        make_api(tmp_path / "local")
        .post("/v1/browser_sessions", {"url": "http://127.0.0.1:8000/"})
        .status_code
        == 200
    )
