"""One run, one browser, across browser-step invocations that land on different containers.

The real state machine on moto invokes the browser function once per step; each invocation
is sent to one of several simulated containers (separate browser providers with real
Chromium, sharing the S3 state store), some of them brand new (cold). The site keeps its
progress in sessionStorage (a single-page wizard) and ends on the answer to a POST. The run
must complete on the right page, or end saying its page was lost, and never submit twice.
"""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

import pytest
from moto import mock_aws

from stratus.bootstrap import build_container
from stratus.domain.engine import StepOutcome
from stratus.domain.status import RunStatus
from stratus.ports import StepContext
from stratus.services.engines import BUILTIN, EngineRegistry
from tests.fakes.runtime import ScriptedEngine
from tests.integration.aws import stack as files
from tests.integration.aws.harness import BROWSER_FUNCTION, MOTO_CONFIG, Stack, build_stack

pytestmark = pytest.mark.integration

WIZARD = """<!doctype html><title>Wizard</title>
<p id="stage"></p><button id="next">Next</button>
<form id="form" method="post" action="/submit" hidden>
  <input id="name" name="name"><button id="send">Send</button>
</form>
<script>
  const progress = () => Number(sessionStorage.getItem("progress") || 0);
  function render() {
    document.getElementById("stage").textContent = "Stage " + progress();
    document.getElementById("form").hidden = progress() < 3;
  }
  document.getElementById("next").onclick = () => {
    sessionStorage.setItem("progress", String(progress() + 1));
    render();
  };
  render();
</script>"""


@dataclass
class Site:
    """The fixture site: GET /wizard, POST /submit (a thank-you page); GET /submit is 404."""

    submissions: list[str] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, body: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path == "/wizard":
                self._send(200, WIZARD)
            else:
                self._send(404, "<h1>Not found</h1>")

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            form = self.rfile.read(length).decode()
            name = form.partition("name=")[2]
            site.submissions.append(name)
            self._send(200, f"<h1>Thank you, {name}</h1>")

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    site = Site()
    site.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


class WizardAgent:
    """Acts on the real page; fails the step when the page is not where the run left it."""

    async def step(self, ctx: StepContext) -> StepOutcome:
        page = ctx.browser.page
        order = ctx.step.order
        if order <= 3:
            seen = await page.locator("#stage").inner_text(timeout=5000)
            if seen != f"Stage {order}":
                return StepOutcome(
                    decision="fail", failure_reason=f"step {order} found {seen!r}: stale page"
                )
            if order < 3:
                await page.click("#next")
                return StepOutcome(url=page.url)
            await page.fill("#name", "Chris")
            async with page.expect_navigation():
                await page.click("#send")
            return StepOutcome(url=page.url)
        text = await page.locator("body").inner_text(timeout=5000)
        if "Thank you, Chris" not in text:
            return StepOutcome(decision="fail", failure_reason=f"finished on {text!r}")
        return StepOutcome(decision="complete", output={"message": text}, url=page.url)


class Containers:
    """Browser-function containers: each call goes to the one the schedule names ("cold"
    starts a new one). All run on one thread, as Playwright objects belong to its loop."""

    def __init__(self, stack: Stack, monkeypatch: Any, schedule: list[str]) -> None:
        self.stack = stack
        self.schedule = schedule
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.live: dict[str, Any] = {}
        self.all: list[Any] = []
        self.calls: list[str] = []
        self.module = stack.modules["browser"]
        self.monkeypatch = monkeypatch
        self.registry = EngineRegistry(
            stack.settings, {BUILTIN: WizardAgent, "skyvern-1.0": WizardAgent}
        )
        stack.dispatcher.handlers[BROWSER_FUNCTION] = self.invoke

    def _container(self, name: str) -> Any:
        if name == "cold" or name not in self.live:
            container = build_container(
                self.stack.settings,
                engines=self.registry,
                http=self.stack.http,
                llm=None,
                owner=self.module.DIRECT_CALL,
            )
            self.all.append(container)
            if name != "cold":
                self.live[name] = container
            return container
        return self.live[name]

    def invoke(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        name = self.schedule[min(len(self.calls), len(self.schedule) - 1)]
        self.calls.append(name)

        def call() -> dict[str, Any]:
            self.monkeypatch.setattr(self.module, "_container", self._container(name))
            return self.module.handler(
                event, SimpleNamespace(aws_request_id=f"req-{len(self.calls)}")
            )

        return self.pool.submit(call).result()

    def close(self) -> None:
        from stratus.adapters.aws.lambda_runtime import run_async

        for container in self.all:
            self.pool.submit(run_async, container.browser.close()).result()
        self.pool.shutdown()


def run_wizard(monkeypatch: Any, site: Site, schedule: list[str]) -> tuple[Any, Containers]:
    stack = build_stack(monkeypatch, ScriptedEngine([StepOutcome()]))
    containers = Containers(stack, monkeypatch, schedule)
    try:
        _, raw_key = stack.containers["api"].keys.create_key("ci")
        event = files.sample_event("api_run_task.json")
        event["headers"]["x-api-key"] = raw_key
        event["body"] = json.dumps(
            {"prompt": "Go through the wizard", "url": f"{site.url}/wizard", "max_steps": 8}
        )
        reply = stack.modules["api"].handler(event, None)
        assert reply["statusCode"] == 200, reply["body"]
        run_id = json.loads(reply["body"])["run_id"]
        execution = stack.wait_for_execution(run_id)
        assert execution["status"] in ("SUCCEEDED", "FAILED"), execution
        run = stack.containers["api"].store.get_run(run_id)
        steps = stack.containers["api"].store.list_steps(run_id)
        return SimpleNamespace(run=run, steps=steps), containers
    finally:
        containers.close()


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws(config=MOTO_CONFIG):
        yield


def test_a_warm_container_that_missed_steps_reopens_the_newest_state(aws, monkeypatch, site):
    """Steps alternate between two warm containers: each time a container comes back, its
    live page is older than the state the other one saved, and must not be acted on."""
    result, containers = run_wizard(monkeypatch, site, ["a", "b", "a", "b", "b"])
    assert result.run.status is RunStatus.completed, result.run.failure_reason
    assert result.run.output == {"message": "Thank you, Chris"}
    assert site.submissions == ["Chris"]
    assert containers.calls == ["a", "b", "a", "b", "b"]
    restored = [s.page_restore for s in result.steps if s.page_restore]
    assert len(restored) == 3  # steps 1, 2 and 3 began on a container that reopened the run


def test_a_cold_container_after_a_post_reports_the_page_lost(aws, monkeypatch, site):
    """The last step lands on a new container after the form was posted: the thank-you page
    cannot be fetched again with GET, and the run says so instead of reading another page."""
    result, _ = run_wizard(monkeypatch, site, ["a", "a", "a", "a", "cold"])
    assert result.run.status is RunStatus.failed
    assert "could not be brought back" in result.run.failure_reason
    assert "form submission (POST)" in result.run.failure_reason
    assert site.submissions == ["Chris"]
    assert result.run.output is None
    assert "page lost" in (result.steps[-1].page_restore or "")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_steps_on_random_containers_complete_or_report_the_lost_page(aws, monkeypatch, site, seed):
    rng = random.Random(seed)
    schedule = [rng.choice(["a", "b", "c", "cold"]) for _ in range(8)]
    result, containers = run_wizard(monkeypatch, site, schedule)
    assert site.submissions == ["Chris"], containers.calls
    if result.run.status is RunStatus.completed:
        assert result.run.output == {"message": "Thank you, Chris"}
        assert containers.calls[-1] == containers.calls[-2] != "cold"
    else:
        assert result.run.status is RunStatus.failed
        assert "form submission (POST)" in (result.run.failure_reason or ""), containers.calls
    assert not any("stale page" in (s.failure_reason or "") for s in result.steps)
