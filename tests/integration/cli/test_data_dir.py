"""The data folder is per user (XDG), whatever folder a command starts in; it is private
(0700, files 0600); `stratus serve` names it, the model and the URL, and listens where
``--host`` says."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from stratus.config import Settings, default_data_dir

pytestmark = pytest.mark.integration

CORE = Path(__file__).resolve().parents[3] / "layers" / "core"


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("STRATUS_DATA_DIR", "XDG_DATA_HOME")}
    return {
        **env,
        "HOME": str(home),
        "PYTHONPATH": str(CORE),
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        **extra,
    }


def stratus(cwd: Path, env: dict[str, str], *args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "stratus.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()


def test_the_default_is_per_user(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("STRATUS_DATA_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert default_data_dir() == tmp_path / ".local" / "share" / "stratus"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert Settings().data_dir == tmp_path / "xdg" / "stratus"
    monkeypatch.setenv("XDG_DATA_HOME", "relative")  # the spec says: ignore it
    assert default_data_dir() == tmp_path / ".local" / "share" / "stratus"
    monkeypatch.setenv("STRATUS_DATA_DIR", str(tmp_path / "mine"))
    assert Settings().data_dir == tmp_path / "mine"


def test_a_key_made_in_one_folder_works_from_another_and_the_data_is_private(tmp_path) -> None:
    home, one, two = tmp_path / "home", tmp_path / "one", tmp_path / "two"
    for folder in (home, one, two):
        folder.mkdir()
    env = _env(home)
    created = stratus(one, env, "keys", "create", "ci")
    key_id = created[1].split()[2]
    listing = stratus(two, env, "keys", "list")
    assert any(line.startswith(key_id) for line in listing), listing
    assert not (one / ".stratus").exists() and not (two / ".stratus").exists()

    data = home / ".local" / "share" / "stratus"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    files = [p for p in data.rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_names_its_url_model_and_data_and_takes_a_host(tmp_path) -> None:
    data = tmp_path / "xdg" / "stratus"
    port = _free_port()
    env = _env(tmp_path, XDG_DATA_HOME=str(tmp_path / "xdg"), STRATUS_MODEL="")
    env.pop("STRATUS_MODEL")
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "stratus.cli",
                "serve",
                "--host",
                "127.0.0.2",
                "--port",
                str(port),
            ],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while "data:" not in log.read_text() and time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text()
            time.sleep(0.2)
        text = log.read_text()
        assert f"Stratus listening on http://127.0.0.2:{port}" in text, text
        assert "model: built-in planner" in text
        assert f"data: {data}" in text
        assert httpx.get(f"http://127.0.0.2:{port}/health", timeout=5).status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
