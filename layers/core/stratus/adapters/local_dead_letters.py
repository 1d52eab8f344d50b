"""DeadLetters in a file: one JSON line per request that could not be served."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any


class FileDeadLetters:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()

    def put(self, reason: str, request: Any, *, source: str | None = None) -> None:
        line = json.dumps({"reason": reason, "source": source, "request": request})
        with self._lock:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            with self._path.open("a", encoding="utf-8") as out:
                out.write(line + "\n")
