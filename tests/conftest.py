"""Shared test configuration: plugins and environment for every tier."""

import gc
import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

pytest_plugins = ["tests.fixtures.pytest_plugin", "tests.support.browser_fixtures"]


@pytest.fixture(scope="session", autouse=True)
def data_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Settings that name no data dir write under a temporary XDG_DATA_HOME: not into the
    user's, and not into one shared by test processes running side by side."""
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data-home")))
    yield
    patch.undo()


def pytest_unconfigure() -> None:
    # After a full run the heap holds about 3 GB (among it the recent apps, with their
    # containers, that FastAPI's call caches keep); the interpreter's last collections at
    # exit walked all of it, for up to two minutes. Frozen objects are out of the
    # collector's sight: the process ends when pytest is done.
    gc.freeze()
