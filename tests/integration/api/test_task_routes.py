import pytest

from stratus.domain.models import ActionRecord, Step
from stratus.domain.status import RunStatus, StepStatus

pytestmark = pytest.mark.integration

SEED_V1_BODY = {
    "url": "https://jobs.example.com/apply",
    "navigation_goal": "Apply for a job",
    "data_extraction_goal": "Was the job application successful?",
    "proxy_location": "RESIDENTIAL",
    "navigation_payload": {"name": "Chris P. Bacon", "email": "chris@pbacon.com"},
}
V2_DOCUMENTED = {
    "task_id", "status", "prompt", "url", "organization_id", "workflow_id", "workflow_run_id",
    "workflow_permanent_id", "summary", "output", "webhook_callback_url",
    "totp_verification_url", "totp_identifier", "proxy_location", "created_at", "modified_at",
}  # fmt: skip


def test_v1_create_answers_only_the_task_id_and_get_returns_the_request(api):
    created = api.post("/api/v1/tasks/", SEED_V1_BODY)
    assert created.status_code == 200, created.text
    assert set(created.json()) == {"task_id"}
    task_id = created.json()["task_id"]
    task = api.get(f"/api/v1/tasks/{task_id}").json()
    assert task["task_id"] == task_id and task["status"] == "queued"
    for name, value in SEED_V1_BODY.items():
        assert task["request"][name] == value
    assert task["extracted_information"] is None and task["screenshot_url"] is None
    stored = api.container.store.get_run(task_id)
    assert stored.spec.facts == SEED_V1_BODY["navigation_payload"]
    assert stored.spec.extraction_goal == SEED_V1_BODY["data_extraction_goal"]


def test_v1_requires_a_url_and_names_it(api):
    response = api.post("/api/v1/tasks", {"navigation_goal": "x"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["url"]


def test_v1_header_overrides_max_steps(api):
    task_id = api.post("/api/v1/tasks", SEED_V1_BODY, **{"x-max-steps-override": "3"}).json()[
        "task_id"
    ]
    assert api.get(f"/api/v1/tasks/{task_id}").json()["max_steps_per_run"] == 3


def test_v1_list_is_newest_first_paged_and_validated(api):
    ids = []
    for _ in range(3):
        ids.append(api.post("/api/v1/tasks", SEED_V1_BODY).json()["task_id"])
        api.clock.advance(1)
    first = api.get("/api/v1/tasks", page=1, page_size=2).json()
    second = api.get("/api/v1/tasks/", page=2, page_size=2).json()
    assert [t["task_id"] for t in first + second] == list(reversed(ids))
    for bad in ({"page": 0}, {"page_size": 0}, {"page": "x"}):
        response = api.get("/api/v1/tasks", **bad)
        assert response.status_code == 422
        assert response.json()["detail"][0]["field"] in bad


def test_v1_steps_and_cancel(api):
    task_id = api.post("/api/v1/tasks", SEED_V1_BODY).json()["task_id"]
    step = Step(
        step_id="stp_1",
        run_id=task_id,
        organization_id=api.organization_id,
        order=0,
        status=StepStatus.completed,
        input_token_count=120,
        output_token_count=30,
        actions=[ActionRecord(action_type="click", element_id="e3", reasoning="submit")],
    )
    api.container.store.put_step(step)
    steps = api.get(f"/api/v1/tasks/{task_id}/steps").json()
    assert len(steps) == 1
    assert {k: steps[0][k] for k in ("task_id", "step_id", "order", "retry_index")} == {
        "task_id": task_id,
        "step_id": "stp_1",
        "order": 0,
        "retry_index": 0,
    }
    assert steps[0]["input_token_count"] == 120 and steps[0]["actions"][0]["action_type"] == "click"
    canceled = api.post(f"/api/v1/tasks/{task_id}/cancel")
    assert canceled.status_code == 200 and canceled.json()["status"] == "canceled"
    assert api.post(f"/api/v1/tasks/{task_id}/cancel").status_code == 409


def test_v1_retry_webhook(api):
    task_id = api.post(
        "/api/v1/tasks", {**SEED_V1_BODY, "webhook_callback_url": "https://hooks.example.com/v1"}
    ).json()["task_id"]
    api.container.lifecycle.finish(task_id, RunStatus.completed)
    report = api.post(f"/api/v1/tasks/{task_id}/retry_webhook").json()
    assert report["status_code"] == 200
    assert f'"task_id":"{task_id}"' in report["payload"]


def test_v2_create_and_get_by_task_id_and_workflow_run_id(api):
    created = api.post(
        "/api/v2/tasks/",
        {"user_prompt": "Find a route", "proxy_location": "RESIDENTIAL"},
        **{"x-max-iterations-override": "4"},
    )
    assert created.status_code == 200, created.text
    body = created.json()
    assert set(body) >= V2_DOCUMENTED
    assert body["task_id"].startswith("tsk_v2_") and body["workflow_run_id"].startswith("wr_")
    assert body["prompt"] == "Find a route" and body["proxy_location"] == "RESIDENTIAL"
    for any_id in (body["task_id"], body["workflow_run_id"]):
        again = api.get(f"/api/v2/tasks/{any_id}")
        assert again.status_code == 200 and again.json()["task_id"] == body["task_id"]
    assert api.container.store.get_run(body["task_id"]).max_iterations == 4
    run_object = api.get(f"/v1/runs/{body['task_id']}").json()
    assert run_object["run_type"] == "task_v2"
    assert run_object["run_request"]["prompt"] == "Find a route"


def test_v2_requires_a_prompt_and_a_v1_task_is_not_a_v2_task(api):
    assert api.post("/api/v2/tasks", {"url": "https://a.example.com"}).status_code == 422
    blank = api.post("/api/v2/tasks", {"user_prompt": "   "})
    assert blank.status_code == 422 and blank.json()["detail"][0]["field"] == "user_prompt"
    task_id = api.post("/api/v1/tasks", SEED_V1_BODY).json()["task_id"]
    assert api.get(f"/api/v2/tasks/{task_id}").status_code == 404
