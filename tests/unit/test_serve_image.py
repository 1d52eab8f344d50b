"""The self-hosting image (Dockerfile) agrees with the code: the health route it probes,
the port it serves and exposes, the settings it sets, the files it copies, the command."""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stratus.api.app import create_app
from stratus.bootstrap import build_container
from stratus.config import Settings

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text())
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def only(name: str) -> str:
    [value] = [rest for word, rest in instructions() if word == name]
    return value


def environment() -> dict[str, str]:
    env: dict[str, str] = {}
    for word, rest in instructions():
        if word == "ENV":
            env.update(item.split("=", 1) for item in shlex.split(rest))
    return env


def test_it_is_debian_bookworm_with_debians_chromium() -> None:
    assert re.fullmatch(r"(python:3\.11-slim-bookworm|debian:bookworm-slim)", only("FROM"))
    installs = " ".join(rest for word, rest in instructions() if word == "RUN")
    assert "apt-get install" in installs and " chromium " in installs and "fonts-" in installs
    assert environment()["STRATUS_CHROMIUM_PATH"] == "/usr/bin/chromium"


def test_the_project_is_installed_with_its_constraints_and_its_command_exists() -> None:
    installs = " ".join(rest for word, rest in instructions() if word == "RUN")
    assert "pip install" in installs and "-c constraints.txt" in installs
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    command = json.loads(only("CMD"))
    assert command[0] in scripts and command[1] == "serve"


def test_every_copied_path_exists_and_is_in_the_build_context() -> None:
    ignore = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for word, rest in instructions():
        if word != "COPY":
            continue
        *sources, _ = rest.split()
        for source in sources:
            assert (ROOT / source).exists(), source
            allowed = False  # .dockerignore: the last matching line wins
            for pattern in ignore:
                negated = pattern.startswith("!")
                bare = pattern.removeprefix("!").rstrip("/")
                if fnmatch(source.rstrip("/"), bare) or source.startswith(bare + "/"):
                    allowed = negated
            assert allowed, f"{source} is left out of the build context by .dockerignore"


def test_the_server_listens_inside_the_container_on_the_exposed_port() -> None:
    command = json.loads(only("CMD"))
    host = command[command.index("--host") + 1]
    port = int(command[command.index("--port") + 1])
    assert host == "0.0.0.0"  # the container's own interface; the host publishes it
    assert int(only("EXPOSE")) == port


def test_the_healthcheck_probes_the_health_route_on_that_port(tmp_path) -> None:
    probe = only("HEALTHCHECK")
    url = re.search(r"http://127\.0\.0\.1:(\d+)(/[\w/]*)", probe)
    assert url is not None, probe
    command = json.loads(only("CMD"))
    assert int(url.group(1)) == int(command[command.index("--port") + 1])
    app = create_app(build_container(Settings(data_dir=tmp_path)))
    assert url.group(2) in app.openapi()["paths"]
    assert TestClient(app).get(url.group(2)).status_code == 200  # no API key needed


def test_data_lives_on_a_volume_owned_by_a_user_who_is_not_root() -> None:
    assert environment()["STRATUS_DATA_DIR"] == "/data"
    assert only("VOLUME") in ("/data", '["/data"]')
    user = only("USER").split(":")[0]
    assert user not in ("root", "0")


def test_every_setting_it_sets_is_a_setting(monkeypatch, tmp_path) -> None:
    stratus = {k: v for k, v in environment().items() if k.startswith("STRATUS_")}
    fields = set(Settings.model_fields)
    for name in stratus:
        assert name.removeprefix("STRATUS_").lower() in fields, name
    for name, value in stratus.items():
        monkeypatch.setenv(name, value)
    settings = Settings()  # the values parse as the settings they set
    assert str(settings.data_dir) == "/data"
    assert settings.chromium_extra_args == ["--disable-dev-shm-usage"]
