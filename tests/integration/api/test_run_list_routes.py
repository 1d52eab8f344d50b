"""``GET /v1/runs`` (the SDK's ``get_runs_v2``) and the status filter of ``/api/v1/tasks``."""

from __future__ import annotations

import pytest

from stratus.contract.responses import RunListItemObject, V1TaskObject
from stratus.domain.models import RunTag
from stratus.domain.status import RunStatus

pytestmark = pytest.mark.integration


def create(api, prompt: str, engine: str = "skyvern-1.0", url: str = "https://a.example") -> str:
    response = api.post("/v1/run/tasks", {"prompt": prompt, "url": url, "engine": engine})
    assert response.status_code == 200, response.text
    return response.json()["run_id"]


def end(api, run_id: str, status: RunStatus) -> None:
    api.container.lifecycle.finish(run_id, status)


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["run_id"] for item in response.json()]


def test_runs_are_listed_newest_first_with_a_total_and_a_next_page(api):
    made = [create(api, f"goal {n}") for n in range(5)]
    first = api.get("/v1/runs", page_size=2)
    assert ids(first) == made[::-1][:2]
    assert first.headers["x-total-count"] == "5" and first.headers["x-next-page"] == "2"
    assert "page=2" in first.headers["link"] and first.headers["link"].endswith('rel="next"')
    for item in first.json():
        RunListItemObject.model_validate(item, strict=False)
    last = api.get("/v1/runs", page=3, page_size=2)
    assert ids(last) == made[:1]
    assert "x-next-page" not in last.headers and "link" not in last.headers


def test_runs_are_filtered_by_several_statuses_search_run_type_and_tag(api):
    done = create(api, "Compare laptop prices")
    failed = create(api, "Book a table", url="https://food.example")
    v2 = create(api, "Compare phone prices", engine="skyvern-2.0")
    end(api, done, RunStatus.completed)
    end(api, failed, RunStatus.failed)
    client = api.client
    both = client.get(
        "/v1/runs", params=[("status", "completed"), ("status", "failed")], headers=api.headers
    )
    assert sorted(ids(both)) == sorted([done, failed])
    assert both.headers["x-total-count"] == "2"
    assert ids(api.get("/v1/runs", search_key="COMPARE")) == [v2, done]
    assert ids(api.get("/v1/runs", search_key="food.example")) == [failed]
    assert ids(api.get("/v1/runs", run_type="task_v2")) == [v2]
    assert ids(api.get("/v1/runs", run_type="workflow_run")) == []
    assert ids(api.get("/v1/runs", status="paused")) == []  # the SDK's; no run pauses
    assert ids(api.get("/v1/runs", search_key="compare", status="queued")) == [v2]
    api.container.store.update_run(done, {"tags": [RunTag(key="env", value="prod")]})
    assert ids(api.get("/v1/runs", tag="env:prod")) == [done]
    assert ids(api.get("/v1/runs", tag="prod")) == [done]
    assert ids(api.get("/v1/runs", tag="env:dev")) == []


def test_bad_list_filters_are_refused_naming_the_parameter(api):
    for params in ({"status": "finished"}, {"run_type": "robot"}, {"page_size": 0}):
        response = api.get("/v1/runs", **params)
        assert response.status_code == 422, params
        assert response.json()["detail"][0]["field"] == next(iter(params))


def test_other_organizations_runs_are_not_listed(api):
    create(api, "mine")
    response = api.client.get("/v1/runs", headers=api.other_key())
    assert ids(response) == [] and response.headers["x-total-count"] == "0"


def test_the_legacy_task_list_honours_status(api):
    ok = api.post("/api/v1/tasks", {"url": "https://a.example", "navigation_goal": "a"})
    bad = api.post("/api/v1/tasks", {"url": "https://a.example", "navigation_goal": "b"})
    ok_id, bad_id = ok.json()["task_id"], bad.json()["task_id"]
    end(api, bad_id, RunStatus.failed)
    response = api.get("/api/v1/tasks", status="failed")
    assert response.status_code == 200
    assert [task["task_id"] for task in response.json()] == [bad_id]
    assert response.headers["x-total-count"] == "1"
    for task in response.json():
        V1TaskObject.model_validate(task, strict=False)
    every = api.get("/api/v1/tasks")
    assert [task["task_id"] for task in every.json()] == [bad_id, ok_id]
    assert api.get("/api/v1/tasks", status="nope").status_code == 422
