"""`make demo` (``python -m stratus.demo``) end to end: the run completes, its app_url and
recording_url are printed side by side, and both open (the demo follows them itself while it
still serves: the run page, the playlist, and each WebM video in it)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.e2e.conftest import CORE

pytestmark = pytest.mark.e2e


def test_the_demo_prints_its_app_url_and_recording_url_and_both_open(tmp_path) -> None:
    path = os.pathsep.join(p for p in (CORE, os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "STRATUS_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": path}
    done = subprocess.run(
        [sys.executable, "-m", "stratus.demo"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=240,
    )
    out = done.stdout
    assert done.returncode == 0, out[-3000:] + done.stderr[-3000:]
    assert "status: completed" in out
    assert "app_url opens: yes" in out
    assert re.search(r"recording_url opens: yes \([1-9]\d* WebM video\(s\), [1-9]\d* bytes\)", out)
    lines = out.splitlines()
    page = next(i for i, line in enumerate(lines) if line.startswith("run page: "))
    run_id = re.fullmatch(r"run page: http://127\.0\.0\.1:\d+/ui/runs/(tsk_\w+)", lines[page])
    assert run_id, lines[page]
    recording = re.fullmatch(r"recording: (http://127\.0\.0\.1:\d+/\S+)", lines[page + 1])
    assert recording, lines[page + 1]
    assert f"/{run_id.group(1)}/recording/playlist.json?" in recording.group(1)
    assert "signature=" in recording.group(1)
