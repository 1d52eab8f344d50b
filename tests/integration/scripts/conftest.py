from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.config import Settings
from tests.fixtures.heldout.server import HeldoutServer

JOB_SITE = Path(__file__).parents[2] / "fixtures" / "sites" / "job"


@pytest.fixture
async def browser() -> AsyncIterator[PlaywrightBrowserProvider]:
    provider = PlaywrightBrowserProvider(Settings(headless=True))
    yield provider
    await provider.close()


@pytest.fixture
def job_sites(tmp_path: Path) -> dict[str, Path]:
    """The job site as published, and a later version whose Email field was renamed."""
    original = tmp_path / "v1"
    shutil.copytree(JOB_SITE, original / "job")
    changed = tmp_path / "v2"
    shutil.copytree(JOB_SITE, changed / "job")
    index = changed / "job" / "index.html"
    html = index.read_text()
    old_field = (
        '<label for="email">Email *</label><input id="email" name="email" type="email" '
        'required placeholder="you@example.com">'
    )
    assert old_field in html
    html = html.replace(
        old_field,
        '<label for="contact">Contact address *</label><input id="contact" name="contact" '
        'type="email" required placeholder="name@domain">',
    ).replace("f.email.value", "f.contact.value")
    index.write_text(html)
    return {"v1": original, "v2": changed}


@pytest.fixture
def job_server(job_sites: dict[str, Path]) -> Iterator[HeldoutServer]:
    with HeldoutServer(root=job_sites["v1"]) as server:
        yield server
