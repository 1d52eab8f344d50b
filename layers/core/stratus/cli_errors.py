"""What went wrong in a ``stratus`` command, as one sentence naming the argument or file.

Never a pydantic report or a JSON traceback: the user typed an argument, so the sentence
names that argument (``--url``, ``--schema FILE``), or the setting when the environment is
at fault.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .contract.validation_text import problems

# request fields -> the arguments of ``stratus run`` that set them
RUN_ARGUMENTS = {
    "prompt": "the prompt",
    "url": "--url",
    "engine": "--engine",
    "max_steps": "--max-steps",
    "data_extraction_schema": "--schema",
}


class CliError(Exception):
    """A mistake in what the command was given; the message is the whole sentence."""


def read_text(path: str, argument: str) -> str:
    file = Path(path)
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"{argument} {path}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{argument} {path}: is a folder, not a file") from None
    except PermissionError:
        raise CliError(f"{argument} {path}: not allowed to read it") from None
    except UnicodeDecodeError:
        raise CliError(f"{argument} {path}: not UTF-8 text") from None
    except OSError as exc:
        raise CliError(f"{argument} {path}: cannot be read ({exc.strerror})") from None


def read_json(path: str, argument: str) -> Any:
    text = read_text(path, argument)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(
            f"{argument} {path}: not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None


def _named(field: str, arguments: Mapping[str, str]) -> str:
    head = field.split(".", 1)[0]
    return arguments.get(head, field)


def describe(exc: BaseException, arguments: Mapping[str, str] = RUN_ARGUMENTS) -> str:
    """One line for any error a command ends with."""
    if isinstance(exc, CliError):
        return str(exc)
    if isinstance(exc, ValidationError):
        if exc.title == "Settings":
            found = [(f"STRATUS_{field.upper()}", msg) for field, msg in problems(exc)]
            return "invalid setting: " + "; ".join(f"{name}: {msg}" for name, msg in found)
        found = [(_named(field, arguments), msg) for field, msg in problems(exc)]
        return "invalid request: " + "; ".join(f"{name}: {msg}" for name, msg in found)
    field = getattr(exc, "field", None)  # a service's refusal names the request field
    text = " ".join(str(exc).split())
    if field and field in arguments:
        return f"{arguments[field]}: {text.removeprefix(f'{field}: ')}"
    return text or type(exc).__name__
