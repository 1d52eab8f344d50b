"""Every setting is documented in the README's settings table (config.py is the source)."""

from pathlib import Path

import pytest

from stratus.config import Settings

pytestmark = pytest.mark.unit

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_the_readme_lists_the_setting(name):
    assert f"`STRATUS_{name.upper()}`" in README or f"STRATUS_{name.upper()}`" in README
