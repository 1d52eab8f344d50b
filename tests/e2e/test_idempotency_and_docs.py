"""Against a real `stratus serve`: the official SDK retries run_task safely with an
Idempotency-Key sent through request_options, and /docs works without internet."""

from __future__ import annotations

import re

import httpx
import pytest

pytestmark = pytest.mark.e2e


def test_sdk_idempotency_key_and_offline_docs(server_factory, demo_site) -> None:
    from skyvern.client import Skyvern
    from skyvern.client.core.api_error import ApiError

    server = server_factory()
    server.start()
    sdk = Skyvern(base_url=server.base_url, api_key=server.create_key())
    options = {"additional_headers": {"Idempotency-Key": "order-42"}}
    url = demo_site.base_url + "/apply?delay=20"
    first = sdk.run_task(prompt="Apply for the job", url=url, request_options=options)
    again = sdk.run_task(prompt="Apply for the job", url=url, request_options=options)
    assert again.run_id == first.run_id
    with pytest.raises(ApiError) as refused:
        sdk.run_task(prompt="Something else", url=url, request_options=options)
    assert refused.value.status_code == 409
    assert len(sdk.get_runs_v2(page=1, page_size=10)) == 1
    sdk.cancel_run(first.run_id)

    html = httpx.get(server.base_url + "/docs").text
    assert "://" not in html
    for asset in re.findall(r'(?:src|href)="(/docs-assets/[^"]+)"', html):
        assert httpx.get(server.base_url + asset).status_code == 200
