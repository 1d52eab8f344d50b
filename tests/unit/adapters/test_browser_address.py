"""A run's own browser_address is reached with the run's sealed CDP connect headers."""

from __future__ import annotations

import json

import pytest

from stratus.adapters.browser_address import RunBrowserAddress
from stratus.adapters.local_secrets import LocalSecretBox
from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.config import Settings
from tests.support.browser_fixtures import make_run

pytestmark = pytest.mark.unit


def sealed_run(box: LocalSecretBox, headers: dict[str, str]):
    run = make_run("tsk_cdp", browser_address="wss://browser.example/devtools")
    spec = run.spec.model_copy(update={"cdp_connect_headers_sealed": box.seal(json.dumps(headers))})
    return run.model_copy(update={"spec": spec})


async def test_the_endpoint_carries_the_opened_headers(tmp_path) -> None:
    box = LocalSecretBox(tmp_path / "master.key")
    run = sealed_run(box, {"Authorization": "Bearer t"})
    endpoint = await RunBrowserAddress(box).endpoint(run)
    assert endpoint.url == "wss://browser.example/devtools"
    assert dict(endpoint.headers) == {"Authorization": "Bearer t"}


async def test_the_playwright_provider_connects_with_the_run_headers(tmp_path) -> None:
    box = LocalSecretBox(tmp_path / "master.key")
    provider = PlaywrightBrowserProvider(Settings(data_dir=tmp_path), secrets=box)
    endpoint = await provider._cdp_endpoint(sealed_run(box, {"X-Token": "s"}), "tsk_cdp")
    assert endpoint is not None and dict(endpoint.headers) == {"X-Token": "s"}


async def test_sealed_headers_without_a_box_to_open_them_fail_loudly(tmp_path) -> None:
    run = sealed_run(LocalSecretBox(tmp_path / "master.key"), {"A": "b"})
    with pytest.raises(ValueError, match="sealed CDP headers"):
        await RunBrowserAddress().endpoint(run)
