"""A script learned on a real page and stored in the runs table (moto) replays in Chromium
with new facts and no model, read back through a second store on the same table."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from stratus.adapters.aws.dynamodb_scripts import DynamoDbScriptStore
from stratus.adapters.playwright_browser import PlaywrightBrowserProvider
from stratus.config import Settings
from stratus.domain.engine import StepOutcome
from stratus.domain.status import RunStatus
from stratus.scripts.service import ScriptService
from tests.fakes.runtime import ScriptedEngine
from tests.fixtures.heldout.server import HeldoutServer
from tests.integration.scripts.test_replay import JobReplay, goal, typed

pytestmark = pytest.mark.integration

SITES = Path(__file__).parents[2] / "fixtures" / "sites"


@pytest.fixture
async def browser() -> AsyncIterator[PlaywrightBrowserProvider]:
    provider = PlaywrightBrowserProvider(Settings(headless=True))
    yield provider
    await provider.close()


@pytest.fixture
def job_server() -> Iterator[HeldoutServer]:
    with HeldoutServer(root=SITES) as server:
        yield server


@pytest.fixture
def files_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "files"
    directory.mkdir()
    (directory / "resume.pdf").write_bytes(b"%PDF-1.4 one")
    (directory / "cv-ann.pdf").write_bytes(b"%PDF-1.4 two")
    return directory


async def test_a_script_stored_in_dynamodb_replays_with_new_facts(
    table, browser, job_server, files_dir
) -> None:
    learner = JobReplay(browser, job_server, files_dir, ScriptService(DynamoDbScriptStore(table)))
    await learner.learn()
    replayer = JobReplay(browser, job_server, files_dir, ScriptService(DynamoDbScriptStore(table)))
    fallback = ScriptedEngine([StepOutcome(decision="fail", failure_reason="not expected")])
    replayed = await replayer.replay(
        fallback, goal("Ann Lee", "ann@lee.io", "Germany", "cv-ann.pdf")
    )
    assert replayed.run.status is RunStatus.completed, replayed.run.failure_reason
    assert replayed.run.output == {"message": "Application received"}
    assert replayed.model_calls == 0 and fallback.calls == []
    assert typed(replayed) == ["Ann", "Lee", "ann@lee.io", "Germany", "cv-ann.pdf"]
