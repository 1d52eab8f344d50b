"""Built-in bench sections; import a module here to register its sections."""

from __future__ import annotations

import importlib

BUILTIN_MODULES = [
    "bench.sections.snapshot",
    "bench.sections.step_overhead",
    "bench.sections.page_read",
    "bench.sections.replay",
    "bench.sections.memory",
    "bench.sections.write_path",
]


def load_sections() -> None:
    for module in BUILTIN_MODULES:
        importlib.import_module(module)
