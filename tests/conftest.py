"""Shared test configuration: plugins and environment for every tier."""

import gc
import os

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

pytest_plugins = ["tests.fixtures.pytest_plugin", "tests.support.browser_fixtures"]


def pytest_unconfigure() -> None:
    # After a full run the heap holds about 3 GB (among it the recent apps, with their
    # containers, that FastAPI's call caches keep); the interpreter's last collections at
    # exit walked all of it, for up to two minutes. Frozen objects are out of the
    # collector's sight: the process ends when pytest is done.
    gc.freeze()
