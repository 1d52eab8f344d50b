"""Nothing lost, nothing done twice: a real `stratus serve` killed with SIGKILL at seeded
random moments while runs fill the demo site's form and webhooks go out, restarted after
each kill. One kill, at a seeded round, lands in the window a random moment rarely hits:
the site has the application and Stratus has not yet recorded the click that sent it. At
the end every run has ended, every completed run's output is what the site shows, no
application arrived twice, and each run's webhook came with one id.

``STRATUS_CRASH_SEED`` and ``STRATUS_CRASH_KILLS`` change the seed and the number of kills
(default 6, which `make test` runs; `make crash-soak` runs 24)."""

from __future__ import annotations

import contextlib
import os
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx
import pytest

from stratus.adapters.sqlite_store import SqliteRunStore
from tests.e2e.conftest import wait_for
from tests.support.webhook_receiver import WebhookReceiver

pytestmark = pytest.mark.e2e

TERMINAL = {"completed", "failed", "terminated", "timed_out", "canceled"}
SCHEMA = {
    "type": "object",
    "properties": {"full_name": {"type": "string"}, "email": {"type": "string"}},
}
# A run the journal stopped: its click was cut off by a kill and may have taken effect.
JOURNAL = "may already have taken effect"
SHORT_SCHEDULE = {
    "STRATUS_WEBHOOK_RETRY_SCHEDULE_SECONDS": "[0.5, 1, 2, 4, 8, 16]",
    "STRATUS_WEBHOOK_TIMEOUT_SECONDS": "2",
}


@dataclass
class Tally:
    seed: int
    runs: int = 0
    kills: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    lost: list[str] = field(default_factory=list)
    wrong_outputs: list[str] = field(default_factory=list)
    repeated_submissions: list[str] = field(default_factory=list)
    runs_with_several_ids: list[str] = field(default_factory=list)
    runs_without_webhook: list[str] = field(default_factory=list)
    duplicate_deliveries: int = 0
    unverified: int = 0

    def line(self) -> str:
        return (
            f"crash harness (seed {self.seed}): {self.runs} runs, {self.kills} kills; "
            f"outcomes {dict(self.outcomes)}; lost {len(self.lost)}, wrong outputs "
            f"{len(self.wrong_outputs)}, repeated submissions {len(self.repeated_submissions)}, "
            f"runs with several webhook ids {len(self.runs_with_several_ids)}, runs without "
            f"a webhook {len(self.runs_without_webhook)}, duplicate deliveries of one id "
            f"{self.duplicate_deliveries}, unverified {self.unverified}"
        )


def run_body(n: int, site_url: str, hook_url: str) -> dict[str, object]:
    return {
        "prompt": (
            f"Apply for the job. Name: Crash Test {n}, Email: crash{n}@example.com, "
            "agree to the privacy policy"
        ),
        "url": site_url + "/apply",
        "engine": "skyvern-1.0",
        "webhook_url": hook_url,
        "data_extraction_schema": SCHEMA,
    }


def outcome(run: dict[str, object]) -> str:
    status = str(run["status"])
    if status == "failed" and JOURNAL in str(run.get("failure_reason") or ""):
        return "failed (journal: submit cut off by a kill)"
    if status == "failed":
        return f"failed ({run.get('failure_reason')})"
    return status


def test_sigkill_at_random_moments_loses_nothing_and_does_nothing_twice(server_factory, demo_site):
    seed = int(os.environ.get("STRATUS_CRASH_SEED", "20260101"))
    kills = int(os.environ.get("STRATUS_CRASH_KILLS", "6"))
    assert kills >= 2, "STRATUS_CRASH_KILLS: one kill after a submit and one at random at least"
    rng = random.Random(seed)
    after_submit_round = rng.randrange(1, kills)  # not the first: runs are under way by then
    tally = Tally(seed=seed)
    server = server_factory(**SHORT_SCHEDULE)
    server.start()
    key = server.create_key()
    receiver = WebhookReceiver(key, server.webhook_secret).start()
    client = httpx.Client(base_url=server.base_url, headers={"x-api-key": key}, timeout=10)
    emails: dict[str, str] = {}  # run id -> the email its prompt gives
    cut_off: list[str] = []  # the email of the application whose click a kill cut off

    armed = threading.Lock()

    def kill_on_application() -> None:
        if armed.acquire(blocking=False):  # the first submit only, whatever threads answer
            demo_site.on_application = None
            cut_off.append(str(demo_site.applications[-1].get("email")))
            server.kill()

    for round_ in range(kills):
        for _ in range(rng.randint(1, 3)):
            n = len(emails)
            run_id = client.post(
                "/v1/run/tasks", json=run_body(n, demo_site.base_url, receiver.url)
            )
            emails[run_id.json()["run_id"]] = f"crash{n}@example.com"
        if round_ == after_submit_round:
            # killed by the site while it answers the submit, before Stratus hears back
            demo_site.on_application = kill_on_application
            wait_for(lambda: cut_off and server.proc.poll() is not None, timeout=90)
        else:
            time.sleep(rng.uniform(0.2, 6.0))
            server.kill()
        tally.kills += 1
        server.start()
    tally.runs = len(emails)

    def ended() -> dict[str, dict[str, object]]:
        return {run_id: client.get(f"/v1/runs/{run_id}").json() for run_id in emails}

    try:
        runs = wait_for(
            lambda: (r := ended()) and all(v["status"] in TERMINAL for v in r.values()) and r,
            timeout=240,
            interval=1,
        )
    except AssertionError:
        runs = ended()
    # a claim a kill left behind lapses after one attempt's timeout and 30 s
    with contextlib.suppress(AssertionError):
        wait_for(lambda: set(emails) <= {h.run_id for h in receiver.accepted}, 90, 0.5)
    time.sleep(3)  # a repeated delivery gets every chance to arrive before counting

    applications = Counter(app.get("email") for app in demo_site.applications)
    shown = {app.get("email"): app for app in demo_site.applications}
    for run_id, run in runs.items():
        tally.outcomes[outcome(run)] += 1
        email = emails[run_id]
        if run["status"] not in TERMINAL:
            tally.lost.append(run_id)
        if applications[email] > 1:
            tally.repeated_submissions.append(run_id)
        if run["status"] == "completed":
            page = shown.get(email, {})
            expected = {"full_name": page.get("full_name"), "email": page.get("email")}
            if applications[email] != 1 or run["output"] != expected:
                tally.wrong_outputs.append(run_id)
        hooks = receiver.for_run(run_id)
        ids = {hook.webhook_id for hook in hooks}
        if len(ids) > 1:
            tally.runs_with_several_ids.append(run_id)
        if not hooks:
            tally.runs_without_webhook.append(run_id)
        tally.duplicate_deliveries += len(hooks) - len(ids)
        tally.unverified += sum(
            1 for hook in hooks if not hook.verified or hook.status != run["status"]
        )

    store = SqliteRunStore(server.data_dir / "stratus.db")
    try:
        webhook_states = Counter(store.get_run(run_id).webhook_state for run_id in emails)
    finally:
        store.close()
    print("\n" + tally.line() + f"; webhook states {dict(webhook_states)}")
    assert tally.runs >= tally.kills == kills, tally.line()
    # the run whose submit the kill cut off sent it once and did not call itself completed:
    # it cannot know whether the click took effect
    [cut_off_run] = [run_id for run_id, email in emails.items() if email == cut_off[0]]
    assert runs[cut_off_run]["status"] == "failed", runs[cut_off_run]
    assert tally.lost == [], tally.line()
    assert tally.wrong_outputs == [], tally.line()
    assert tally.repeated_submissions == [], tally.line()
    assert tally.runs_with_several_ids == [], tally.line()
    assert tally.runs_without_webhook == [], tally.line()
    assert tally.unverified == 0, tally.line()
    assert webhook_states == {"sent": tally.runs}, tally.line()
    delivered_ids = {hook.webhook_id for hook in receiver.accepted}
    assert delivered_ids == {f"msg_{run_id}" for run_id in emails}
