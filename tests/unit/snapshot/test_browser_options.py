"""Context options derived from a run: proxy, timezone and locale."""

import pytest

from stratus.adapters.browser_locale import proxy_key, proxy_settings, zone_for
from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.config import Settings
from stratus.domain.models import Run, TaskSpec

pytestmark = pytest.mark.unit


def run_with(**spec) -> Run:
    return Run(
        run_id="r1",
        organization_id="o1",
        api_family="v1",
        run_type="task_v1",
        engine="skyvern-1.0",
        spec=TaskSpec(goal="g", **spec),
    )


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("RESIDENTIAL_JP", ("Asia/Tokyo", "ja-JP")),
        ("RESIDENTIAL_DE", ("Europe/Berlin", "de-DE")),
        ("RESIDENTIAL", ("America/New_York", "en-US")),
        ("US-CA", ("America/Los_Angeles", "en-US")),
        ({"country": "BR"}, ("America/Sao_Paulo", "pt-BR")),
        ("NONE", None),
        (None, None),
    ],
)
def test_zone_for_proxy_location(location, expected) -> None:
    assert zone_for(location) == expected


def test_proxy_key_only_for_named_locations() -> None:
    assert proxy_key("RESIDENTIAL_GB") == "RESIDENTIAL_GB"
    assert proxy_key({"country": "GB"}) is None


def test_proxy_settings_split_credentials() -> None:
    assert proxy_settings("http://user:p%40ss@proxy.test:3128") == {
        "server": "http://proxy.test:3128",
        "username": "user",
        "password": "p@ss",
    }


def test_context_options_from_run_and_settings() -> None:
    settings = Settings(
        viewport_width=1920,
        viewport_height=1080,
        proxies={"RESIDENTIAL_JP": "http://proxy.test:8080"},
    )
    provider = PlaywrightBrowserProvider(settings)
    options = provider.context_options(
        run_with(
            proxy_location="RESIDENTIAL_JP", user_agent="UA/1", extra_http_headers={"X-Test": "1"}
        )
    )
    assert options["viewport"] == {"width": 1920, "height": 1080}
    assert options["proxy"] == {"server": "http://proxy.test:8080"}
    assert (options["timezone_id"], options["locale"]) == ("Asia/Tokyo", "ja-JP")
    assert options["user_agent"] == "UA/1"
    assert options["extra_http_headers"] == {"X-Test": "1"}
    assert options["accept_downloads"] is True
    plain = provider.context_options(run_with())
    assert not {"proxy", "timezone_id", "user_agent", "extra_http_headers"} & plain.keys()
