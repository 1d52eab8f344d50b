"""The ``stratus`` command: serve, manage keys, run a task with live progress."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from .adapters.local_files import write_secret
from .bootstrap import Container, build_container
from .cli_errors import RUN_ARGUMENTS, CliError, describe, read_json, read_text
from .config import Settings
from .domain.models import ApiKey
from .progress import describe_action
from .services.keys import key_state, parse_duration


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if getattr(args, "port", None) is not None:
        overrides["port"] = args.port
    if getattr(args, "host", None):
        overrides["host"] = args.host
    if getattr(args, "data_dir", None):
        overrides["data_dir"] = Path(args.data_dir)
    return Settings(**overrides)


def cmd_serve(args: argparse.Namespace) -> int:
    from .server import serve_forever

    asyncio.run(serve_forever(build_container(_settings(args))))
    return 0


def cmd_keys_create(args: argparse.Namespace) -> int:
    container = build_container(_settings(args))
    key, raw = container.keys.create_key(args.name, args.organization)
    print(f"organization: {key.organization_id}")
    print(f"key id: {key.key_id} (shown once; store it now)")
    print(f"webhook secret: {container.keys.webhook_secret(key.organization_id)}")
    print(raw)
    return 0


def cmd_keys_webhook_secret(args: argparse.Namespace) -> int:
    container = build_container(_settings(args))
    if container.store.get_organization(args.organization) is None:
        print(f"stratus: no organization {args.organization!r}", file=sys.stderr)
        return 2
    print(container.keys.webhook_secret(args.organization))
    return 0


def _when(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value else "never"


def cmd_keys_list(args: argparse.Namespace) -> int:
    """Keys as a table; never a key's text or its digest."""
    container = build_container(_settings(args))
    now = container.clock.now()
    rows = [("KEY ID", "NAME", "ORGANIZATION", "CREATED", "LAST USED", "STATE")]
    rows += [
        (
            key.key_id,
            key.name,
            key.organization_id,
            _when(key.created_at),
            _when(key.last_used_at),
            key_state(key, now),
        )
        for key in container.keys.list_keys(args.organization)
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())
    return 0


def cmd_keys_revoke(args: argparse.Namespace) -> int:
    key = build_container(_settings(args)).keys.revoke(args.key_id)
    print(f"revoked {key.key_id} ({key.name}, organization {key.organization_id})")
    return 0


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    grace = parse_duration(args.grace)
    new, raw, old = build_container(_settings(args)).keys.rotate(args.key_id, grace)
    print(f"organization: {new.organization_id}")
    print(f"old key {old.key_id} works until {_when(old.expires_at)}")
    print(f"key id: {new.key_id} (shown once; store it now)")
    print(raw)
    return 0


def _cli_key(container: Container) -> ApiKey:
    """The key the CLI uses for embedded runs, created on first use."""
    path = container.settings.data_dir / "cli.key"
    if path.exists():
        key = container.keys.authenticate(path.read_text().strip())
        if key is not None:
            return key
    key, raw = container.keys.create_key("stratus-cli")
    write_secret(path, raw.encode())
    return key


def print_step(step: Any) -> None:
    print(f"step {step.order + 1}: {step.url or ''}", flush=True)
    for action in step.actions:
        print(f"  - {describe_action(action.model_dump())}", flush=True)


async def run_embedded(args: argparse.Namespace) -> int:
    from .contract.commands import create_task_run
    from .contract.requests import RunTaskRequest

    container = build_container(_settings(args))
    key = _cli_key(container)
    body: dict[str, Any] = {"prompt": args.prompt, "engine": args.engine}
    if args.url:
        body["url"] = args.url
    if args.schema:
        body["data_extraction_schema"] = read_json(args.schema, "--schema")
    if args.max_steps is not None:
        body["max_steps"] = args.max_steps
    try:
        request = RunTaskRequest.model_validate(body)
    except ValidationError as exc:
        named = {**RUN_ARGUMENTS, "data_extraction_schema": f"--schema {args.schema}"}
        raise CliError(describe(exc, named)) from None
    run = container.runs.create_run(key, create_task_run(request))
    print(
        f"run {run.run_id} ({run.engine.value}, model: "
        f"{container.engines.model_for(run) or 'built-in planner'})",
        flush=True,
    )
    try:
        while True:
            report = await container.execution.run_step(run.run_id)
            steps = container.store.list_steps(run.run_id)
            if steps and report.order is not None:
                print_step(steps[-1])
            if report.done:
                break
    finally:
        await container.browser.close()
    final = container.store.get_run(run.run_id)
    if final is None:
        raise RuntimeError(f"run {run.run_id} is no longer in the store")
    print(f"status: {final.status.value}")
    if final.failure_reason:
        print(f"reason: {final.failure_reason}")
    print(json.dumps(final.output, indent=2, ensure_ascii=False))
    return 0 if final.status.value == "completed" else 1


async def run_file(args: argparse.Namespace) -> int:
    from .batch_runs import run_batch

    lines = read_text(args.from_file, "--from").splitlines()
    container = build_container(_settings(args))
    key = _cli_key(container)
    path = Path(args.from_file)
    try:
        results = await run_batch(
            container,
            key.organization_id,
            lines,
            source=f"file:{path.name}",
            on_step=print_step,
        )
    finally:
        await container.browser.close()
    for result in results:
        seen = "new" if result.created else "existing"
        label = result.idempotency_key or "-"
        if result.run_id is None:
            print(f"line {result.line} ({label}): refused: {result.reason}")
        else:
            print(f"line {result.line} ({label}): run {result.run_id} ({seen}) {result.status}")
    return 0 if all(r.status == "completed" for r in results) else 1


def cmd_run(args: argparse.Namespace) -> int:
    if bool(args.prompt) == bool(args.from_file):
        raise CliError("give either a prompt or --from FILE")
    return asyncio.run(run_file(args) if args.from_file else run_embedded(args))


def cmd_mcp(args: argparse.Namespace) -> int:
    from .mcp_server.main import serve

    serve(args.transport, port=args.port)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stratus", description=__doc__)
    parser.add_argument("--data-dir", help="where the embedded default keeps its data")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the API and the worker (on 127.0.0.1 by default)")
    serve.add_argument(
        "--host", default=None, help="address to listen on (default 127.0.0.1: this machine only)"
    )
    serve.add_argument("--port", type=int, default=None)
    serve.set_defaults(func=cmd_serve)

    keys = sub.add_parser("keys", help="manage API keys")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    create = keys_sub.add_parser("create", help="create a key (printed alone on the last line)")
    create.add_argument("name")
    create.add_argument("--organization", help="add the key to this organization id")
    create.set_defaults(func=cmd_keys_create)
    secret = keys_sub.add_parser(
        "webhook-secret",
        help="print an organization's whsec_ secret (verifies webhook-signature)",
    )
    secret.add_argument("organization", help="the organization id (keys create prints it)")
    secret.set_defaults(func=cmd_keys_webhook_secret)
    listing = keys_sub.add_parser("list", help="list keys (never their text)")
    listing.add_argument("--organization", help="only this organization's keys")
    listing.set_defaults(func=cmd_keys_list)
    revoke = keys_sub.add_parser("revoke", help="stop a key now")
    revoke.add_argument("key_id")
    revoke.set_defaults(func=cmd_keys_revoke)
    rotate = keys_sub.add_parser(
        "rotate", help="a new key for the same organization (printed alone on the last line)"
    )
    rotate.add_argument("key_id")
    rotate.add_argument(
        "--grace", default="24h", help="how long the old key keeps working (e.g. 24h, 30m, 0)"
    )
    rotate.set_defaults(func=cmd_keys_rotate)

    run = sub.add_parser("run", help="run a task here and print its output")
    run.add_argument("prompt", nargs="?")
    run.add_argument(
        "--from",
        dest="from_file",
        help="run the requests of a JSON-lines file (a POST /v1/run/tasks body plus "
        "idempotency_key per line); a key seen before is not run again",
    )
    run.add_argument("--url")
    run.add_argument("--schema", help="a JSON schema file for the output")
    run.add_argument("--engine", default="skyvern-1.0")
    run.add_argument("--max-steps", type=int)
    run.set_defaults(func=cmd_run)

    mcp = sub.add_parser(
        "mcp",
        help="a Model Context Protocol server over the Stratus API at STRATUS_BASE_URL "
        "(key: STRATUS_API_KEY)",
    )
    mcp.add_argument("--transport", choices=("stdio", "http"), default="stdio")
    mcp.add_argument("--port", type=int, default=8765, help="streamable HTTP on 127.0.0.1")
    mcp.set_defaults(func=cmd_mcp)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    os.umask(0o077)  # the data folder's files (database, master key, artifacts): owner only
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # one sentence naming the argument, never a traceback
        print(f"stratus: {describe(exc)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
