"""Records beside the runs (2FA codes, browser sessions and profiles, recordings, webhook
attempts) for the response-model samples."""

from __future__ import annotations

from stratus.contract.links import app_url_for, no_app_url
from stratus.domain.browser_profiles import BrowserProfileRecord
from stratus.domain.browser_sessions import BrowserSessionRecord, BrowserSessionStatus
from stratus.domain.models import (
    TotpCode,
    WebhookAttempt,
)
from tests.unit.contract.sample_runs import NOW, SITE

TOTP_CODES = [
    TotpCode(
        totp_id="totp_1",
        organization_id="o_1",
        totp_identifier="ada@example.com",
        content="Your code is 123456",
        code="123456",
    ),
    TotpCode(
        totp_id="totp_2",
        organization_id="o_1",
        totp_identifier="ada@example.com",
        content="no digits here",
        code=None,
        task_id="tsk_1",
        workflow_run_id="wr_2",
        source="email",
        expired_at=NOW,
        created_at=NOW,
    ),
]


BROWSER_SESSIONS = [
    BrowserSessionRecord(
        browser_session_id="pbs_1", organization_id="o_1", created_at=NOW, modified_at=NOW
    ),
    BrowserSessionRecord(
        browser_session_id="pbs_2",
        organization_id="o_1",
        status=BrowserSessionStatus.completed,
        url=SITE,
        timeout_minutes=240,
        runnable_type="task",
        runnable_id="tsk_1",
        created_at=NOW,
        started_at=NOW,
        completed_at=NOW,
        modified_at=NOW,
    ),
]


BROWSER_PROFILES = [
    BrowserProfileRecord(
        browser_profile_id="bp_1",
        organization_id="o_1",
        name="shop",
        sealed_state="{}",
        created_at=NOW,
        modified_at=NOW,
    ),
    BrowserProfileRecord(
        browser_profile_id="bp_2",
        organization_id="o_1",
        name="old",
        description="signed in",
        source_browser_session_id="pbs_1",
        proxy_location={"country": "US", "subdivision": None, "city": None},
        sealed_state="{}",
        created_at=NOW,
        modified_at=NOW,
        deleted_at=NOW,
    ),
]

_FILE = {"key": "o_1/tsk_1/recording/video-001.webm", "url": "https://a/v", "bytes": 3}
RECORDINGS = [
    {"videos": [], "traces": [], "bytes": 0, "skipped": []},
    {
        "videos": [{**_FILE, "step": None, "at": "2026-01-01T00:00:00+00:00"}],
        "traces": [{**_FILE, "key": "o_1/tsk_1/recording/trace-001.zip", "step": 1, "at": "x"}],
        "bytes": 6,
        "skipped": [{"kind": "video", "step": None, "bytes": 9, "reason": "over the size cap"}],
    },
]


APP_URLS = (app_url_for("https://stratus.example.com"), no_app_url)

WEBHOOK_ATTEMPTS = [
    WebhookAttempt(
        attempt_id="wha_1",
        run_id="tsk_1",
        organization_id="o_1",
        url="https://hooks.example.com/in",
        request_headers={"x-skyvern-signature": "ab"},
        request_body="{}",
        status_code=200,
        response_body="ok" * 2000,
        created_at=NOW,
        duration_ms=12,
    ),
    WebhookAttempt(
        attempt_id="wha_2",
        run_id="tsk_1",
        organization_id="o_1",
        url="https://hooks.example.com/in",
        request_headers={},
        request_body="{}",
        error="ConnectError: refused",
        trigger="retry",
        created_at=NOW,
    ),
]
