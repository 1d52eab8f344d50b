"""A webhook URL that passes request validation but that the HTTP client cannot parse (an
invalid IDNA host, a bad port after an IPv6 literal) is a failed delivery, recorded as
such: never an exception that leaves the webhook claimed and re-tried forever."""

from __future__ import annotations

import pytest

from stratus.adapters.httpx_sender import HttpxSender
from stratus.bootstrap import build_container
from stratus.config import Settings
from stratus.contract.urls import check_http_url
from stratus.domain.status import RunStatus
from tests.contract.store_contract import make_run
from tests.fakes.runtime import FakeBrowserProvider, NoCodes

pytestmark = pytest.mark.integration

UNPARSABLE = ["http://xn--a.com/hook", "http://\U0001f600.com/hook", "http://[::1]x/hook"]


@pytest.mark.parametrize("url", UNPARSABLE)
async def test_the_sender_reports_a_connection_error(url):
    if "[" not in url:
        assert check_http_url(url) == url  # the API accepts it; the sender must still cope
    sender = HttpxSender()
    try:
        with pytest.raises(ConnectionError):
            await sender.post(url, b"{}", {}, timeout=1)
    finally:
        await sender.aclose()


@pytest.mark.parametrize("url", UNPARSABLE)
async def test_delivery_ends_failed_with_the_attempt_recorded(tmp_path, url):
    settings = Settings(data_dir=tmp_path, webhook_retry_schedule_seconds=[])
    container = build_container(settings, browser=FakeBrowserProvider(), codes=NoCodes())
    key, _ = container.keys.create_key("unparsable")
    run = make_run(
        org=key.organization_id,
        status=RunStatus.completed,
        api_key_id=key.key_id,
        webhook_url=url,
        webhook_state="pending",
    )
    container.store.create_run(run)
    try:
        await container.webhooks.deliver(run.run_id)
        report = await container.webhooks.retry(run)
    finally:
        await container.http.aclose()
    assert container.store.get_run(run.run_id).webhook_state == "failed"
    attempts = container.store.list_webhook_attempts(run.run_id)
    assert [a.trigger for a in attempts] == ["finished", "retry"]
    assert all(a.error for a in attempts)
    assert report.response is None and report.error
