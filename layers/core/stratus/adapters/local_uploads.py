"""UploadedFiles in the data folder: ``files/<organization>/``, where the agent's
``upload_file`` action looks files up, plus a copy in the artifact store for a link."""

from __future__ import annotations

import os
from pathlib import Path

from ..agent.files import safe_filename, unique_path
from ..ports import ArtifactStore, StoredUpload


class LocalUploadedFiles:
    def __init__(self, data_dir: Path, artifacts: ArtifactStore) -> None:
        self._root = data_dir / "files"
        self._artifacts = artifacts

    def save(self, organization_id: str, filename: str, data: bytes) -> StoredUpload:
        directory = self._root / safe_filename(organization_id)
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = unique_path(directory, safe_filename(filename))
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        key = f"uploads/{organization_id}/{path.name}"
        self._artifacts.put(key, data, "application/octet-stream")
        return StoredUpload(name=path.name, location=path.resolve().as_uri(), artifact_key=key)

    def copy_to(self, organization_id: str, directory: Path) -> list[str]:
        source = self._root / safe_filename(organization_id)
        if not source.is_dir() or source.resolve() == directory.resolve():
            return []  # the local worker's steps read this very folder
        copied = []
        for path in sorted(source.iterdir()):
            target = directory / path.name
            if path.is_file() and not target.exists():
                target.write_bytes(path.read_bytes())
                copied.append(path.name)
        return copied
