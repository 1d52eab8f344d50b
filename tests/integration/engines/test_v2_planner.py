"""skyvern-2.0 through the API, the execution service and a real browser: two mini-tasks
on two pages (fill the job form, then read the product table), with scripted models."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from stratus.api.app import create_app
from stratus.bootstrap import build_container
from stratus.config import Settings
from stratus.engines.v2_prompts import PLANNER_MARKER
from stratus.ports import LLMReply, LLMRequest
from tests.fakes.codes import FakeCodes
from tests.fakes.llm import PromptView, ScriptedLLM, act
from tests.fakes.runtime import RecordingHttp
from tests.integration.api.conftest import RecordingOrchestrator
from tests.support.schemas import rows_schema

pytestmark = pytest.mark.integration

SCHEMA = rows_schema("products", {"name": "string", "price": "number"}, required=True)
ROW = re.compile(r"^(?P<name>[A-Z][\w ]+?) \| \$(?P<price>\d+\.\d\d) ")


class PlannedLLM:
    """Planner calls play ``plans``; every other call goes to the step engine's script."""

    def __init__(self, plans, step_llm: ScriptedLLM) -> None:
        self.plans = list(plans)
        self.step_llm = step_llm
        self.purposes: list[str] = []
        self.planner_prompts: list[str] = []

    def sees_images(self, model: str) -> bool:
        return False  # prompts carry text only, as for a model litellm does not know

    async def complete(self, request: LLMRequest) -> LLMReply:
        view = PromptView(request)
        if view.system.startswith(PLANNER_MARKER):
            self.purposes.append("plan")
            self.planner_prompts.append(view.prompt)
            text = json.dumps(self.plans.pop(0)(view))
            return LLMReply(text=text, input_tokens=len(view.prompt) // 4, output_tokens=30)
        reply = await self.step_llm.complete(request)
        self.purposes.append(self.step_llm.purposes[-1])
        return reply


def rows_on(view: PromptView) -> list[dict]:
    return [
        {"name": m["name"], "price": float(m["price"])}
        for line in view.page.splitlines()
        if (m := ROW.match(line.strip()))
    ]


@pytest.fixture
def stack(tmp_path, fixture_server):
    def build(llm):
        settings = Settings(data_dir=tmp_path, model="scripted-model", headless=True)
        container = build_container(
            settings,
            orchestrator=RecordingOrchestrator(),
            http=RecordingHttp(),
            codes=FakeCodes(),
            llm=llm,
        )
        _, raw = container.keys.create_key("tests")
        client = TestClient(create_app(container), raise_server_exceptions=False)
        return container, client, {"x-api-key": raw}

    return build


async def run_to_end(container, run_id: str, limit: int = 30) -> int:
    steps = 0
    try:
        for _ in range(limit):
            report = await container.execution.run_step(run_id)
            steps += 1
            if report.done:
                return steps
    finally:
        await container.browser.close()
    raise AssertionError("the run did not finish")


async def test_v2_goal_over_two_pages_runs_two_mini_tasks(stack, fixture_server):
    job_url = fixture_server.url("/job/")
    table_url = fixture_server.url("/table/")

    def plan_form(view):
        assert "the browser has no page open" in view.prompt
        return {
            "status": "next",
            "mini_task": {
                "goal": "Fill in step 1 of the job application and continue",
                "url": job_url,
            },
        }

    def plan_table(view):
        assert "1. Fill in step 1 of the job application and continue -> completed" in view.prompt
        assert view.shows("Step 2 of 2")
        return {
            "status": "next",
            "mini_task": {
                "goal": "Read the products on the catalog page",
                "url": table_url,
                "data_to_extract": "every product with its price",
            },
        }

    def plan_done(view):
        assert "2. Read the products on the catalog page -> completed" in view.prompt
        assert "Trail Backpack" in view.prompt  # the data read is in the planner's memory
        return {"status": "done", "summary": "Applied and listed the catalog's products."}

    def fill_form(view):
        assert view.shows("Step 1 of 2")
        return act(
            {"action_type": "input_text", "element_id": view.find("First name"), "text": "Ada"},
            {"action_type": "input_text", "element_id": view.find("Last name"), "text": "Lovelace"},
            {
                "action_type": "input_text",
                "element_id": view.find("Email"),
                "text": "ada@example.com",
            },
            {"action_type": "select_option", "element_id": view.find("Country"), "option": "ca"},
            {"action_type": "click", "element_id": view.find("Yes", "radio")},
            {"action_type": "checkbox", "element_id": view.find("I agree"), "checked": True},
            {"action_type": "click", "element_id": view.find("Next")},
            status="complete",
        )

    def read_table(view):
        assert view.shows("Page 1 of 3")
        return act(status="complete")

    def verify(view):
        done = view.shows("Step 2 of 2") or view.shows("Page 1 of 3")
        return {"goal_met": done, "reason": "the page shows it"}

    step_llm = ScriptedLLM(
        [fill_form, read_table],
        verify=verify,
        extract=lambda view: {"output": {"products": rows_on(view)}},
    )
    llm = PlannedLLM([plan_form, plan_table, plan_done], step_llm)
    container, client, headers = stack(llm)

    created = client.post(
        "/v1/run/tasks",
        json={
            "prompt": "Apply for the analyst job, then list the catalog's products",
            "engine": "skyvern-2.0",
            "data_extraction_schema": SCHEMA,
        },
        headers=headers,
    )
    assert created.status_code == 200, created.text
    body = created.json()
    assert body["run_type"] == "task_v2"
    run = container.store.get_run(body["run_id"])
    assert run.run_id.startswith("tsk_v2_") and run.workflow_run_id.startswith("wr_")
    assert run.max_steps >= run.max_iterations * 8

    steps = await run_to_end(container, run.run_id)

    assert steps == 3  # plan + form; plan + table; plan: done
    assert llm.purposes == ["plan", "act", "verify", "plan", "act", "verify", "extract", "plan"]
    by_workflow = client.get(f"/v1/runs/{run.workflow_run_id}", headers=headers).json()
    assert by_workflow["run_id"] == run.run_id
    assert by_workflow["status"] == "completed", by_workflow["failure_reason"]
    assert by_workflow["run_type"] == "task_v2"
    products = by_workflow["output"]["products"]
    assert products[:2] == [
        {"name": "Trail Backpack", "price": 59.0},
        {"name": "Camp Stove", "price": 34.5},
    ]
    assert len(products) == 5
    v2 = client.get(f"/api/v2/tasks/{run.run_id}", headers=headers).json()
    assert v2["summary"] == "Applied and listed the catalog's products."
    assert v2["workflow_run_id"] == run.workflow_run_id
    assert v2["workflow_permanent_id"] == run.workflow_permanent_id
    steps_seen = client.get(f"/api/v1/tasks/{run.run_id}/steps", headers=headers).json()
    assert [s["order"] for s in steps_seen] == [0, 1, 2]
    assert all(s["status"] == "completed" for s in steps_seen)
    final = container.store.get_run(run.run_id)
    memory = final.engine_state["v2"]["memory"]
    assert [m["status"] for m in memory] == ["completed", "completed"]
    assert final.screenshot_keys  # every step left a screenshot


async def test_v2_stops_after_the_iteration_limit(stack, fixture_server):
    table_url = fixture_server.url("/table/")

    def plan_again(view):
        return {"status": "next", "mini_task": {"goal": "Look for a discount", "url": table_url}}

    def give_up(view):
        return act(status="complete")

    step_llm = ScriptedLLM(
        [give_up, give_up], verify=lambda view: {"goal_met": True, "reason": "seen"}
    )
    llm = PlannedLLM([plan_again, plan_again, plan_again], step_llm)
    container, client, headers = stack(llm)
    created = client.post(
        "/api/v2/tasks",
        json={"user_prompt": "Find a discount code", "url": table_url},
        headers={**headers, "x-max-iterations-override": "2"},
    )
    assert created.status_code == 200, created.text
    task_id = created.json()["task_id"]

    await run_to_end(container, task_id)

    run = container.store.get_run(task_id)
    assert run.status == "failed"
    assert run.failure_reason == ("Reached the maximum of 2 iterations without completing the goal")
    assert llm.purposes.count("plan") == 3
