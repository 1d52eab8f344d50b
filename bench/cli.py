"""Entry point: run the chosen sections (all by default) and print their tables."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from bench.registry import SECTIONS, BenchOptions, SectionResult
from bench.sections import load_sections
from bench.table import format_section


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--section", action="append", help="run only these sections")
    parser.add_argument("--page", action="append", default=[], help="only pages named so")
    parser.add_argument("--repeat", type=int, default=5, help="timed calls per page")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--show", action="store_true", help="print each page's rendering")
    parser.add_argument("--list", action="store_true", help="list the sections and exit")
    return parser.parse_args(argv)


async def run(names: list[str], options: BenchOptions) -> list[SectionResult]:
    results = []
    for name in names:
        result = await SECTIONS[name](options)
        print(format_section(result), flush=True)
        print(flush=True)
        results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load_sections()
    if args.list:
        print("\n".join(SECTIONS))
        return 0
    names = args.section or list(SECTIONS)
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        print(f"unknown section(s): {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
        return 2
    options = BenchOptions(repeat=args.repeat, only_pages=args.page, show=args.show)
    results = asyncio.run(run(names, options))
    if args.json:
        payload = [r.__dict__ for r in results]
        args.json.write_text(json.dumps(payload, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
