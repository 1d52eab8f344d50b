"""A command given something wrong says so in one sentence naming the argument or file,
and exits non-zero: never a pydantic report or a JSON traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from stratus.cli import main

pytestmark = pytest.mark.integration

CORE = Path(__file__).resolve().parents[3] / "layers" / "core"
NOT_SHOWN = ("Traceback", "pydantic", "ValidationError", "JSONDecodeError", "Value error", "[type=")


def run_main(capsys, tmp_path: Path, *args: str) -> tuple[int, str]:
    code = main(["--data-dir", str(tmp_path / "data"), *args])
    captured = capsys.readouterr()
    return code, captured.err


def assert_one_sentence(error: str, *names: str) -> None:
    lines = error.strip().splitlines()
    assert len(lines) == 1, error
    assert lines[0].startswith("stratus: "), error
    for name in names:
        assert name in lines[0], error
    for noise in NOT_SHOWN:
        assert noise not in error, error


def test_a_schema_file_that_is_not_json(capsys, tmp_path):
    schema = tmp_path / "schema.json"
    schema.write_text('{"type": "object", properties: {}}')

    code, error = run_main(capsys, tmp_path, "run", "Read it", "--schema", str(schema))

    assert code != 0
    assert_one_sentence(error, "--schema", str(schema), "not JSON", "line 1")


def test_a_missing_file(capsys, tmp_path):
    missing = tmp_path / "nowhere.json"
    for argument in ("--schema", "--from"):
        args = ["run", "--from", str(missing)] if argument == "--from" else []
        args = args or ["run", "Read it", "--schema", str(missing)]
        code, error = run_main(capsys, tmp_path, *args)

        assert code != 0
        assert_one_sentence(error, argument, str(missing), "no such file")


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        (["--url", "example.com/shop"], "--url"),
        (["--url", "ftp://example.com"], "--url"),
        (["--max-steps", "0"], "--max-steps"),
        (["--engine", "skyvern-9"], "--engine"),
    ],
)
def test_a_request_that_does_not_validate_names_the_argument(capsys, tmp_path, args, argument):
    code, error = run_main(capsys, tmp_path, "run", "Read it", *args)

    assert code != 0
    assert_one_sentence(error, argument)


def test_a_schema_that_is_not_a_json_schema_names_the_file(capsys, tmp_path):
    schema = tmp_path / "schema.json"
    schema.write_text('{"type": "no-such-type"}')

    code, error = run_main(capsys, tmp_path, "run", "Read it", "--schema", str(schema))

    assert code != 0
    assert_one_sentence(error, f"--schema {schema}")


def test_a_bad_setting_names_the_variable(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("STRATUS_PORT", "eighty")

    code, error = run_main(capsys, tmp_path, "keys", "list")

    assert code != 0
    assert_one_sentence(error, "STRATUS_PORT")


def test_as_a_process_the_sentence_is_all_that_is_printed(tmp_path):
    schema = tmp_path / "schema.json"
    schema.write_text("not json at all")
    env = {**os.environ, "PYTHONPATH": str(CORE), "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    command = [sys.executable, "-m", "stratus.cli", "--data-dir", str(tmp_path / "d")]
    done = subprocess.run(
        [*command, "run", "x", "--schema", str(schema)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )

    assert done.returncode == 2
    assert done.stdout == ""
    assert_one_sentence(done.stderr, "--schema", str(schema), "not JSON")
