import pytest

from tests.integration.api.conftest import make_api

pytestmark = pytest.mark.integration

PROTECTED = [
    ("post", "/api/v1/tasks"),
    ("get", "/api/v1/tasks"),
    ("get", "/api/v1/tasks/tsk_1"),
    ("post", "/api/v2/tasks"),
    ("post", "/v1/run/tasks"),
    ("get", "/v1/runs/tsk_1"),
    ("post", "/v1/runs/tsk_1/cancel"),
    ("post", "/v1/credentials/totp"),
    ("post", "/api/v1/totp"),
]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_missing_key_is_401_and_unknown_key_is_403(api, method, path):
    missing = getattr(api.client, method)(path)
    assert missing.status_code == 401
    assert "x-api-key" in missing.json()["detail"]
    unknown = getattr(api.client, method)(path, headers={"x-api-key": "sk-not-a-key"})
    assert unknown.status_code == 403
    assert unknown.json() == {"detail": "Invalid API key"}


def test_health_needs_no_key(api):
    assert api.client.get("/health").json() == {"status": "ok"}


def test_malformed_json_is_400_and_says_so(api):
    for content_type in ("application/json", None):
        headers = {**api.headers, **({"content-type": content_type} if content_type else {})}
        response = api.client.post("/v1/run/tasks", content=b'{"prompt": ', headers=headers)
        assert response.status_code == 400
        assert "not valid JSON" in response.json()["detail"]


def test_malformed_json_without_a_key_is_still_401_or_403(api):
    headers = {"content-type": "application/json"}
    assert api.client.post("/v1/run/tasks", content=b"{", headers=headers).status_code == 401
    headers["x-api-key"] = "sk-unknown"
    assert api.client.post("/v1/run/tasks", content=b"{", headers=headers).status_code == 403


def test_json_without_content_type_is_read_as_json(api):
    response = api.client.post(
        "/v1/run/tasks",
        content=b'{"prompt": "x"}',
        headers={**api.headers, "content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"prompt": 5}, "prompt"),
        ({"prompt": "x", "url": "ftp://files.example.com"}, "url"),
        ({"prompt": "x", "url": "not a url"}, "url"),
        ({"prompt": "x", "max_steps": 0}, "max_steps"),
        ({"prompt": "x", "max_steps": 1000}, "max_steps"),
        ({"prompt": "x", "max_steps": "many"}, "max_steps"),
        ({"prompt": "x", "proxy_location": "MARS"}, "proxy_location"),
        ({"prompt": "x", "proxy_location": {"country": "USA"}}, "proxy_location.country"),
        ({"prompt": "x", "run_with": "robot"}, "run_with"),
        ({"prompt": "x", "webhook_url": "javascript:alert(1)"}, "webhook_url"),
        (
            {"prompt": "x", "extra_http_headers": {"bad header": "v"}},
            "extra_http_headers.bad header",
        ),
        ({"prompt": "x", "error_code_mapping": ["a"]}, "error_code_mapping"),
        ({"prompt": "x", "publish_workflow": "maybe"}, "publish_workflow"),
        ({"prompt": "x" * 20_001}, "prompt"),
    ],
)
def test_wrong_types_are_422_naming_the_field(api, body, field):
    response = api.post("/v1/run/tasks", body)
    assert response.status_code == 422, response.text
    fields = [error["field"] for error in response.json()["detail"]]
    assert field in fields
    assert all(error["msg"].startswith(error["field"]) for error in response.json()["detail"])


def test_deep_schema_is_refused(api):
    schema: dict = {"type": "object"}
    for _ in range(30):
        schema = {"type": "object", "properties": {"x": schema}}
    response = api.post("/v1/run/tasks", {"prompt": "x", "data_extraction_schema": schema})
    assert response.status_code == 422
    assert "deeper" in response.json()["detail"][0]["msg"]


def test_body_over_the_limit_is_413_by_header_and_by_stream(tmp_path):
    api = make_api(tmp_path, max_request_bytes=4096)
    big = {"prompt": "x" * 5000}
    assert api.post("/v1/run/tasks", big).status_code == 413

    def chunks():
        yield b'{"prompt": "'
        for _ in range(10):
            yield b"y" * 1000
        yield b'"}'

    streamed = api.client.post(
        "/v1/run/tasks",
        content=chunks(),
        headers={**api.headers, "content-type": "application/json"},
    )
    assert streamed.status_code == 413
    assert "larger than 4096" in streamed.json()["detail"]
    assert api.orchestrator.started == []


def test_unknown_route_is_404_and_wrong_method_is_405(api):
    missing = api.client.get("/v2/nothing", headers=api.headers)
    assert missing.status_code == 404 and "No route" in missing.json()["detail"]
    wrong = api.client.delete("/v1/run/tasks", headers=api.headers)
    assert wrong.status_code == 405


def test_unknown_run_ids_are_404(api):
    for path in ("/v1/runs/tsk_999", "/v1/runs/nonsense", "/api/v1/tasks/%00", "/api/v2/tasks/x"):
        assert api.get(path).status_code == 404, path


def test_unexpected_errors_are_a_generic_500(api):
    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    api.container.runs.get = explode
    response = api.get("/v1/runs/tsk_1")
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error"}


def test_openapi_is_served_with_title_and_docs(api):
    schema = api.client.get("/openapi.json").json()
    assert schema["info"]["title"] == "Stratus"
    assert "/v1/run/tasks" in schema["paths"] and "/api/v1/tasks/" not in schema["paths"]
    assert api.client.get("/docs").status_code == 200
