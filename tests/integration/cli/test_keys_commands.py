"""``stratus keys``: create, list, revoke and rotate, as a user runs them, against SQLite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stratus.api.app import create_app
from stratus.bootstrap import build_container
from stratus.config import Settings

pytestmark = pytest.mark.integration

CORE = Path(__file__).resolve().parents[3] / "layers" / "core"


def stratus(data_dir: Path, *args: str) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(CORE), "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    done = subprocess.run(
        [sys.executable, "-m", "stratus.cli", "--data-dir", str(data_dir), "keys", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()


def status_with(data_dir: Path, raw_key: str) -> int:
    client = TestClient(create_app(build_container(Settings(data_dir=data_dir))))
    return client.get("/api/v1/tasks", headers={"x-api-key": raw_key}).status_code


def test_create_list_rotate_revoke(tmp_path):
    created = stratus(tmp_path, "create", "ci")
    raw = created[-1]
    key_id = created[1].split()[2]
    organization = created[0].split()[1]
    assert status_with(tmp_path, raw) == 200

    listing = stratus(tmp_path, "list")
    assert listing[0].split()[:3] == ["KEY", "ID", "NAME"]
    row = listing[1].split()
    assert row[:3] == [key_id, "ci", organization]
    assert row[-1] == "active" and row[-2] != "never"  # used once, by the request above
    store = build_container(Settings(data_dir=tmp_path)).store
    digest = store.get_api_key(key_id).digest
    assert not any(raw in line or digest in line for line in listing)

    rotated = stratus(tmp_path, "rotate", key_id, "--grace", "24h")
    new_raw = rotated[-1]
    assert rotated[0] == f"organization: {organization}"
    assert f"old key {key_id} works until" in rotated[1]
    assert status_with(tmp_path, raw) == 200  # still in its grace period
    assert status_with(tmp_path, new_raw) == 200
    listing = stratus(tmp_path, "list", "--organization", organization)
    assert len(listing) == 3 and "expires" in listing[1]

    new_key_id = rotated[2].split()[2]
    assert stratus(tmp_path, "revoke", new_key_id)[0].startswith(f"revoked {new_key_id}")
    assert status_with(tmp_path, new_raw) == 403  # as an unknown key is
    assert status_with(tmp_path, raw) == 200
    assert stratus(tmp_path, "list")[2].split()[-1] == "revoked"


def test_keys_create_shows_the_organizations_webhook_secret(tmp_path):
    created = stratus(tmp_path, "create", "hooks")
    organization = created[0].split()[1]
    secret = next(line.split(": ", 1)[1] for line in created if line.startswith("webhook secret"))
    assert secret.startswith("whsec_") and created[-1].startswith("sk")
    assert stratus(tmp_path, "webhook-secret", organization) == [secret]
    again = stratus(tmp_path, "create", "second", "--organization", organization)
    assert f"webhook secret: {secret}" in again
    assert secret not in (tmp_path / "stratus.db").read_bytes().decode(errors="replace")
