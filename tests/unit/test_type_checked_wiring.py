"""The type checker proves every adapter satisfies its port: ``make lint`` runs mypy, strict,
over the whole package (adapters included), and each builder of the composition root is
annotated with the port it stands for, so an adapter that drifts from its Protocol fails it.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from functools import cached_property
from pathlib import Path

import pytest

from stratus import ports
from stratus.bootstrap import Container

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]

# the ports whose implementations the container chooses (local or AWS)
ADAPTER_PORTS = {
    "RunStore",
    "SecretBox",
    "ArtifactStore",
    "RunEvents",
    "RunExecutions",
    "HttpSender",
    "Metrics",
    "RateLimiter",
    "IdempotentRequests",
    "UploadedFiles",
    "TotpRequestSigner",
    "VerificationCodes",
    "RemoteBrowserEndpoints",
    "BrowserProvider",
    "LLM",
    "ModelCredentials",
    "RunsStoredAtOnce",
}


# the other ports: where mypy checks their adapters against them
CHECKED_ELSEWHERE = {
    "Clock": "ContainerBase.clock",
    "BrowserSessionStore": "BrowserSessionService(store), built in wiring/browsers.py",
    "BrowserProfileStore": "BrowserProfileService(store), built in wiring/browsers.py",
    "ScriptStore": "ScriptService(store), built in wiring/engines.py",
    "IdempotencyKeys": "RunRequests(keys), built in bootstrap.py",
    "DeadLetters": "RunRequests(dead_letters), built in bootstrap.py",
    "Engine": "engine_factories in wiring/engines.py",
    "BrowserSession": "BrowserProvider.session_for's answer",
    "SessionBrowserProvider": "the close_browser of browser sessions in wiring/browsers.py",
    # parts of RunEvents and RunExecutions
    "EventPublisher": "RunEvents",
    "RequestEvents": "RunEvents",
    "Orchestrator": "RunExecutions",
    "ExecutionMonitor": "RunExecutions",
}


def _mypy_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]


def _builder_returns() -> dict[str, str]:
    returns = {}
    for klass in Container.__mro__:
        for name, member in vars(klass).items():
            if isinstance(member, cached_property):
                returns.setdefault(name, str(inspect.signature(member.func).return_annotation))
    return returns


def test_make_lint_runs_mypy_strict_over_the_package_and_its_adapters() -> None:
    lint = re.search(r"^lint:.*?(?=^\S)", (ROOT / "Makefile").read_text(), re.M | re.S)
    assert lint is not None and "bin/mypy" in lint.group(0)
    config = _mypy_config()
    assert config["strict"] is True
    assert "layers/core/stratus" in config["files"]
    for override in config.get("overrides", []):
        modules = override["module"]
        assert not override.get("ignore_errors"), modules
        # no part of the package is let off being typed
        assert "disallow_untyped_defs" not in override, modules


def test_each_adapter_port_is_what_a_builder_of_the_container_returns() -> None:
    returns = _builder_returns()
    for port in ADAPTER_PORTS:
        assert isinstance(getattr(ports, port), type), port
        assert any(re.search(rf"\b{port}\b", annotation) for annotation in returns.values()), port


def test_every_port_is_accounted_for() -> None:
    # ports.py and the modules it re-exports ports from (browser, model, outbound)
    homes = {ports.__name__, *(f"stratus.{m}_ports" for m in ("browser", "model", "outbound"))}
    protocols = {
        name
        for name, value in vars(ports).items()
        if isinstance(value, type)
        and getattr(value, "_is_protocol", False)
        and value.__module__ in homes
    }
    assert protocols == ADAPTER_PORTS | set(CHECKED_ELSEWHERE)


def test_no_builder_of_the_container_returns_any() -> None:
    untyped = {
        name: annotation
        for name, annotation in _builder_returns().items()
        if re.fullmatch(r"Any|Any \|.*|.*\| Any", annotation)
    }
    assert untyped == {}
