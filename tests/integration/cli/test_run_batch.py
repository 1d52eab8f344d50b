"""``stratus run --from requests.jsonl``: the same requests and idempotency rule as on AWS,
run here against SQLite (scripted engine, fake browser)."""

from __future__ import annotations

import json

import pytest

from stratus.batch_runs import run_batch
from stratus.bootstrap import build_container
from stratus.cli import build_parser
from stratus.config import Settings
from stratus.services.engines import BUILTIN, EngineRegistry
from tests.fakes.runtime import FakeBrowserProvider, ScriptedEngine, screenshot_outcome

pytestmark = pytest.mark.integration


def container_for(data_dir):
    settings = Settings(data_dir=data_dir)
    engine = ScriptedEngine([screenshot_outcome("complete", output={"ok": True})])
    engines = EngineRegistry(settings, {BUILTIN: lambda: engine, "skyvern-1.0": lambda: engine})
    return build_container(settings, engines=engines, browser=FakeBrowserProvider(), llm=None)


def line(key: str, **extra) -> str:
    body = {"idempotency_key": key, "prompt": "Find the price", "engine": "skyvern-1.0"}
    return json.dumps({**body, **extra})


async def test_a_batch_runs_one_run_per_key_and_a_rerun_runs_none(tmp_path) -> None:
    container = container_for(tmp_path)
    key, _ = container.keys.create_key("batch")
    lines = [
        line("a"),
        line("b"),
        line("a"),
        "",
        "{not json",
        json.dumps({"prompt": "no key"}),
        line("c", webhook_url="https://hooks.example.com/x"),
    ]
    results = await run_batch(container, key.organization_id, lines, source="file:t.jsonl")
    assert [(r.line, r.status) for r in results] == [
        (1, "completed"),
        (2, "completed"),
        (3, "completed"),
        (5, "refused"),
        (6, "refused"),
        (7, "refused"),
    ]
    assert [r.created for r in results[:3]] == [True, True, False]
    assert results[2].run_id == results[0].run_id
    runs = container.store.list_runs(key.organization_id, page=1, page_size=10)
    assert len(runs) == 2 and {r.idempotency_key for r in runs} == {"a", "b"}
    kept = [json.loads(x) for x in (tmp_path / "dead-letters.jsonl").read_text().splitlines()]
    assert [k["source"] for k in kept] == ["file:t.jsonl"] * 3
    assert "not JSON" in kept[0]["reason"] and "idempotency_key" in kept[1]["reason"]
    assert "Run Finished event" in kept[2]["reason"]

    again = await run_batch(container, key.organization_id, lines[:3], source="file:t.jsonl")
    assert [(r.run_id, r.created) for r in again] == [
        (results[0].run_id, False),
        (results[1].run_id, False),
        (results[0].run_id, False),
    ]
    assert len(container.store.list_runs(key.organization_id, page=1, page_size=10)) == 2


def test_run_takes_a_prompt_or_a_file() -> None:
    args = build_parser().parse_args(["run", "--from", "requests.jsonl"])
    assert args.from_file == "requests.jsonl" and args.prompt is None
    assert build_parser().parse_args(["run", "Find it"]).prompt == "Find it"
