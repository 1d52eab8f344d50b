"""Shared test configuration: plugins and environment for every tier."""

import os

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

pytest_plugins = ["tests.fixtures.pytest_plugin", "tests.support.browser_fixtures"]
