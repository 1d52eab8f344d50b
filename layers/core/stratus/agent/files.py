"""Files the agent touches: uploads resolved inside the run's files directory, downloads saved."""

from __future__ import annotations

import hashlib
import mimetypes
import re
from pathlib import Path
from typing import Any

from ..domain.engine import StepArtifact
from ..domain.models import DownloadedFile, utcnow


class FileRefused(Exception):
    """The path is outside the files directory or does not exist."""


def resolve_upload(files_dir: str, requested: str) -> Path:
    """The file to upload: a path or a bare name, which must lie inside ``files_dir``."""
    root = Path(files_dir).resolve()
    candidate = Path(requested.strip())
    path = (candidate if candidate.is_absolute() else root / candidate).resolve()
    if not path.is_relative_to(root):
        raise FileRefused(f"refusing to upload {requested!r}: it is outside the files directory")
    if not path.is_file():
        by_name = root / candidate.name
        if by_name.is_file():
            return by_name
        available = sorted(p.name for p in root.iterdir() if p.is_file()) if root.is_dir() else []
        listing = ", ".join(available) or "none"
        raise FileRefused(f"no file {requested!r} in the files directory (available: {listing})")
    return path


_UNSAFE = re.compile(r"[^\w.\- ]+")


def safe_filename(name: str) -> str:
    cleaned = _UNSAFE.sub("_", Path(name).name).strip(" .")
    return cleaned or "download"


def unique_path(directory: Path, filename: str) -> Path:
    path = directory / filename
    counter = 1
    while path.exists():
        path = directory / f"{Path(filename).stem}-{counter}{Path(filename).suffix}"
        counter += 1
    return path


async def save_download(download: Any, files_dir: str) -> tuple[DownloadedFile, StepArtifact]:
    """Save a Playwright download under ``files_dir``; the service fills in the URL."""
    failure = await download.failure()
    if failure:
        raise FileRefused(f"download of {download.suggested_filename!r} failed: {failure}")
    directory = Path(files_dir)
    directory.mkdir(parents=True, exist_ok=True)
    path = unique_path(directory, safe_filename(download.suggested_filename))
    await download.save_as(str(path))
    data = path.read_bytes()
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    downloaded = DownloadedFile(
        url="",
        checksum=hashlib.sha256(data).hexdigest(),
        filename=path.name,
        modified_at=utcnow(),
    )
    artifact = StepArtifact(name=f"download:{path.name}", content_type=content_type, data=data)
    return downloaded, artifact
