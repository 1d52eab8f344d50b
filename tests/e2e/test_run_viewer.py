"""The run viewer in real Chromium against a real `stratus serve`: sign in, start a run on the
demo site (built-in planner), watch it complete, read its steps and screenshots, resend its
webhook, cancel a slow run, and see nothing of it with another organization's key."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from stratus.adapters.playwright_browser import CHROMIUM_ARGS
from tests.e2e.conftest import wait_for

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
FLAGS = CHROMIUM_ARGS
PROMPT = (
    "Apply for the job. Name: Chris P. Bacon, Email: chris@pbacon.com, agree to the privacy policy"
)
SCHEMA = {
    "type": "object",
    "properties": {"full_name": {"type": "string"}, "email": {"type": "string"}},
}


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def watched_page(browser: Browser, problems: list[str]) -> Page:
    """A page in a fresh context that records script errors and CSP violations."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    return page


def sign_in(page: Page, base_url: str, key: str) -> None:
    response = page.goto(base_url + "/ui/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Runs", exact=True)).to_be_visible()


def test_sign_in_start_watch_steps_screenshots_and_resend(server_factory, demo_site, browser):
    server = server_factory()
    server.start()
    key = server.create_key()
    demo_site.api_key = key
    problems: list[str] = []
    page = watched_page(browser, problems)

    # a wrong key is refused, the right one kept in sessionStorage only
    page.goto(server.base_url + "/ui/")
    page.get_by_label("API key").fill("sk-stratus-not-a-key")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("not accepted")
    problems.clear()  # the refused request logs a 403 in the console
    sign_in(page, server.base_url, key)
    assert page.evaluate("sessionStorage.getItem('stratus.apiKey')") == key
    assert page.context.cookies() == []
    expect(page.locator("#no-runs")).to_have_text("No runs yet.")

    # start a run with the form
    page.get_by_role("link", name="Start a run").first.click()
    page.get_by_label("Goal").fill(PROMPT)
    page.get_by_label("Start URL").fill(demo_site.base_url + "/apply")
    page.get_by_label("Extraction schema (JSON, optional)").fill(json.dumps(SCHEMA))
    page.get_by_label("Max steps").fill("6")
    page.get_by_label("Webhook URL").fill(demo_site.base_url + "/webhook")
    page.get_by_role("button", name="Start run").click()
    page.wait_for_url("**/ui/runs/tsk_*")
    run_id = page.url.rsplit("/", 1)[-1]
    assert key not in page.url

    # it updates live until it completes
    expect(page.locator("#run-status")).to_contain_text("completed", timeout=120_000)
    expect(page.locator("#settings")).to_contain_text("Chris P. Bacon")
    expect(page.locator("#settings")).to_contain_text("skyvern-1.0")
    expect(page.get_by_role("button", name="Cancel run")).to_have_count(0)

    # the timeline: steps, their actions with elements and results, a screenshot after each
    steps = page.locator("#steps > li.step")
    expect(steps.first).to_be_visible()
    assert steps.count() >= 1
    expect(page.locator(".action-type").first).to_be_visible()
    expect(page.locator("li.action").first).to_contain_text("succeeded")
    shots = page.locator("figure.shot img")
    expect(shots.first).to_be_visible()
    assert shots.count() == steps.count()
    shots.last.scroll_into_view_if_needed()
    loaded = "imgs => imgs.every(img => img.complete && img.naturalWidth > 0)"
    wait_for(lambda: shots.evaluate_all(loaded), timeout=15)

    # the API's app_url is this page
    api = httpx.Client(base_url=server.base_url, headers={"x-api-key": key}, timeout=10)
    run = api.get(f"/v1/runs/{run_id}").json()
    assert run["app_url"] == f"{server.base_url}/ui/runs/{run_id}" == page.url
    assert run["status"] == "completed"

    # the webhook sent at the end is listed; resending it reaches the receiver again
    attempts = page.locator("#webhook-attempts tbody tr")
    expect(attempts).to_have_count(1, timeout=30_000)
    expect(attempts.first).to_contain_text("HTTP 200")
    page.get_by_role("button", name="Resend webhook").click()
    expect(page.locator("#resend-result")).to_contain_text("HTTP 200")
    expect(attempts).to_have_count(2)
    expect(attempts.last).to_contain_text("resent")
    assert len(demo_site.webhooks) == 2 and all(hook["verified"] for hook in demo_site.webhooks)

    # the list shows it, and its status filter keeps it in or out
    page.get_by_role("link", name="Runs", exact=True).click()
    row = page.locator(f'tr[data-run-id="{run_id}"]')
    expect(row).to_contain_text("completed")
    expect(row).to_contain_text("skyvern-1.0")
    page.get_by_label("Status").select_option("running")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#no-runs")).to_be_visible()
    expect(row).to_have_count(0)
    page.get_by_label("Status").select_option("completed")
    page.get_by_role("button", name="Filter").click()
    expect(row).to_be_visible()
    row.get_by_role("link", name=run_id).click()
    expect(page.locator("#run-status")).to_contain_text("completed")

    assert not [p for p in problems if "Content Security Policy" in p or "pageerror" in p]
    assert problems == []


def test_cancel_a_slow_run_and_another_organization_sees_none_of_it(
    server_factory, demo_site, browser
):
    server = server_factory()
    server.start()
    key = server.create_key()
    other_key = server.create_key()
    demo_site.api_key = key
    api = httpx.Client(base_url=server.base_url, headers={"x-api-key": key}, timeout=10)
    body = {
        "prompt": PROMPT,
        "url": demo_site.base_url + "/apply?delay=15",  # the page takes 15 s to answer
        "engine": "skyvern-1.0",
        "webhook_url": demo_site.base_url + "/webhook",
        "max_steps": 3,
    }
    run_id = api.post("/v1/run/tasks", json=body).json()["run_id"]

    problems: list[str] = []
    page = watched_page(browser, problems)
    sign_in(page, server.base_url, key)
    page.goto(f"{server.base_url}/ui/runs/{run_id}")
    expect(page.locator("#run-status")).to_contain_text("running", timeout=30_000)
    page.get_by_role("button", name="Cancel run").click()
    expect(page.locator("#run-notice")).to_contain_text("Cancel requested")
    expect(page.locator("#run-status")).to_contain_text("canceled", timeout=60_000)
    expect(page.get_by_role("button", name="Cancel run")).to_have_count(0)
    assert api.get(f"/v1/runs/{run_id}").json()["status"] == "canceled"
    assert problems == []

    # another organization's key: no runs listed, the run's page and data not found
    stranger = watched_page(browser, [])
    sign_in(stranger, server.base_url, other_key)
    expect(stranger.locator("#no-runs")).to_have_text("No runs yet.")
    stranger.goto(f"{server.base_url}/ui/runs/{run_id}")
    expect(stranger.get_by_role("alert")).to_contain_text("not found")
    expect(stranger.locator("#run-status")).to_have_count(0)
    other = httpx.Client(base_url=server.base_url, headers={"x-api-key": other_key}, timeout=10)
    assert other.get("/v1/viewer/runs").json() == []
    assert other.get(f"/v1/viewer/runs/{run_id}/webhook_attempts").status_code == 404
    assert other.post(f"/v1/runs/{run_id}/retry_webhook").status_code == 404
    assert api.get("/v1/viewer/runs").json()[0]["run_id"] == run_id
