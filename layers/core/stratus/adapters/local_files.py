"""Small secret files of the embedded default: created owner-only, never readable by others
even for a moment, and safe when two processes start on a new data folder at once."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path


def read_or_create_secret(path: Path, make: Callable[[], bytes]) -> bytes:
    """The secret in ``path``, made by ``make`` the first time. The file appears whole or
    not at all (written aside, then hard-linked into place), so a racing reader never sees
    it half written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        return path.read_bytes()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(make())
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass  # another process made it first: use theirs
    finally:
        tmp.unlink()
    return path.read_bytes()


def write_secret(path: Path, data: bytes) -> None:
    """Replace a secret file; the new content is owner-only from its first byte."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    tmp.replace(path)
