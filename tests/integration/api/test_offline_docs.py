"""/docs and /redoc work offline: every script, style and icon they name is same-origin and
served by Stratus itself."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.integration

TYPES = {".js": "javascript", ".css": "text/css", ".png": "image/png"}


def asset_urls(html: str) -> list[str]:
    return re.findall(r"""(?:src|href|url)\s*[=:]\s*['"]([^'"]+)['"]""", html) + re.findall(
        r"<redoc spec-url=['\"]([^'\"]+)['\"]", html
    )


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_name_only_same_origin_assets_and_they_are_served(api, page) -> None:
    response = api.client.get(page)
    assert response.status_code == 200
    html = response.text
    assert "://" not in html  # no CDN, no web fonts, no public validator
    urls = asset_urls(html)
    assets = [u for u in urls if u.startswith("/docs-assets/")]
    assert assets, urls
    assert all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    assert "/openapi.json" in urls
    for url in assets:
        served = api.client.get(url)
        assert served.status_code == 200, url
        assert len(served.content) > 1000, url
        kind = TYPES[url[url.rindex(".") :]]
        assert kind in served.headers["content-type"], (url, served.headers["content-type"])


def test_swagger_ui_is_a_version_that_renders_openapi_3_1(api) -> None:
    assert api.client.get("/openapi.json").json()["openapi"].startswith("3.1")
    bundle = api.client.get("/docs-assets/swagger-ui-bundle.js").text
    assert re.search(r'"5\.\d+\.\d+"', bundle)  # Swagger UI 5 (4 cannot render 3.1)
