"""ArtifactStore on a local folder, served through signed, expiring URLs."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from pathlib import Path
from urllib.parse import quote

from ..ports import NotFound

URL_TTL_SECONDS = 7 * 24 * 3600


class LocalArtifactStore:
    def __init__(self, root: Path, *, base_url: str, signing_key: bytes) -> None:
        self._root = root.resolve()
        self._root.mkdir(parents=True, exist_ok=True)
        self._base_url = base_url.rstrip("/")
        self._signing_key = signing_key

    def _path(self, key: str) -> Path:
        path = (self._root / key).resolve()
        if self._root not in path.parents:
            raise NotFound(key)
        return path

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        path.with_name(path.name + ".meta").write_text(json.dumps({"content_type": content_type}))

    def get(self, key: str) -> tuple[bytes, str]:
        path = self._path(key)
        if not path.is_file():
            raise NotFound(key)
        meta = path.with_name(path.name + ".meta")
        content_type = "application/octet-stream"
        if meta.is_file():
            content_type = json.loads(meta.read_text()).get("content_type", content_type)
        return path.read_bytes(), content_type

    def _signature(self, key: str, expires: int) -> str:
        message = f"{key}\n{expires}".encode()
        return hmac.new(self._signing_key, message, hashlib.sha256).hexdigest()

    def url_for(self, key: str) -> str:
        expires = int(time.time()) + URL_TTL_SECONDS
        signature = self._signature(key, expires)
        return (
            f"{self._base_url}/v1/artifact-files/{quote(key)}"
            f"?expires={expires}&signature={signature}"
        )

    def verify(self, key: str, expires: int, signature: str) -> bool:
        if expires < int(time.time()):
            return False
        return hmac.compare_digest(self._signature(key, expires), signature)
