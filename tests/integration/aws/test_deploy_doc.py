"""docs/deploy-aws.md states the template's parameters as the template does."""

import importlib.util
import re

import pytest

from tests.integration.aws.stack import ROOT, template

pytestmark = pytest.mark.integration


def generator():
    spec = importlib.util.spec_from_file_location(
        "parameter_table", ROOT / "scripts/parameter_table.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_doc_parameter_table_is_the_generated_one() -> None:
    tables = generator()
    in_doc = tables.doc_table(tables.DOC.read_text())
    assert in_doc == tables.table(), "run: python scripts/parameter_table.py --write"


def test_doc_lists_exactly_the_template_parameters() -> None:
    tables = generator()
    names = re.findall(r"^\| `(\w+)` \|", tables.doc_table(tables.DOC.read_text()), re.M)
    assert names == list(template()["Parameters"])


def test_cost_estimate_counts_the_screenshot_tokens() -> None:
    doc = (ROOT / "docs/deploy-aws.md").read_text()
    tiles = 3 * 2  # 1280x800 -> 1229x768 -> 512 px tiles
    assert f"{2_833 + tiles * 5_667:,} input tokens" in doc
