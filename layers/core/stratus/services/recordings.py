"""A run's recording: the videos of its browser, one per context lifetime or step, in
order, and a Playwright trace per step, kept as artifacts behind signed URLs.

Playwright writes a context's video only when the context closes, and a run's context may
be closed and reopened between steps (on AWS every step is its own invocation; locally
after a crash, or when the provider closes other runs' contexts). So a recording is a
playlist: ``playlist.json`` lists the videos in the order they were recorded, and the
run's ``recording_key`` points to it (``recording_url`` on the run). Nothing joins the
videos into one file. The playlist's URLs are signed when each file is stored. Every stored
file counts against the run's size cap; a file over it is skipped and the skip noted in the
playlist.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, Literal

from ..ports import ArtifactStore, Clock, NotFound, RunStore

log = logging.getLogger(__name__)

PLAYLIST_FORMAT = "stratus-recording/1"
PLAYLIST_TYPE = "application/json"
Kind = Literal["video", "trace"]
_FILES = {"video": ("videos", "webm", "video/webm"), "trace": ("traces", "zip", "application/zip")}


def playlist_key(organization_id: str, run_id: str) -> str:
    return f"{organization_id}/{run_id}/recording/playlist.json"


def _empty(run_id: str) -> dict[str, Any]:
    return {"format": PLAYLIST_FORMAT, "run_id": run_id, "videos": [], "traces": [], "bytes": 0}


class RecordingService:
    """Stores a run's videos and traces and keeps its playlist. One writer per run at a
    time (the step holding the run's lease), so the playlist is read, changed and written."""

    def __init__(
        self,
        artifacts: ArtifactStore,
        store: RunStore,
        clock: Clock,
        *,
        max_bytes_per_run: int,
    ) -> None:
        self._artifacts = artifacts
        self._store = store
        self._clock = clock
        self._max_bytes = max_bytes_per_run

    def add(
        self, organization_id: str, run_id: str, kind: Kind, data: bytes, *, step: int | None
    ) -> str | None:
        """Store one video or trace; its key, or None when over the run's cap."""
        key = playlist_key(organization_id, run_id)
        playlist = self._read(key) or _empty(run_id)
        field, extension, content_type = _FILES[kind]
        now = self._clock.now().isoformat()
        if playlist["bytes"] + len(data) > self._max_bytes:
            playlist.setdefault("skipped", []).append(
                {"kind": kind, "step": step, "bytes": len(data), "reason": "over the size cap"}
            )
            self._write(key, playlist)
            log.info("recording of %s is over its cap: a %s is skipped", run_id, kind)
            return None
        number = len(playlist[field]) + 1
        item_key = f"{organization_id}/{run_id}/recording/{kind}-{number:03d}.{extension}"
        self._artifacts.put(item_key, data, content_type)
        # the URL is signed now (valid as long as artifact links are); the viewer's
        # playlist (``playlist``) signs every file afresh
        url = self._artifacts.url_for(item_key)
        entry = {"key": item_key, "url": url, "step": step, "bytes": len(data), "at": now}
        playlist[field].append(entry)
        playlist["bytes"] += len(data)
        self._write(key, playlist)
        run = self._store.get_run(run_id)
        if run is not None and run.recording_key != key:
            self._store.update_run(run_id, {"recording_key": key})
        return item_key

    def playlist(self, recording_key: str, url_for: Callable[[str], str]) -> dict[str, Any]:
        """The run's playlist with a fresh signed URL for every file."""
        playlist = self._read(recording_key) or {"videos": [], "traces": []}
        return {
            "videos": [{**item, "url": url_for(item["key"])} for item in playlist["videos"]],
            "traces": [{**item, "url": url_for(item["key"])} for item in playlist["traces"]],
            "bytes": playlist.get("bytes", 0),
            "skipped": list(playlist.get("skipped", [])),
        }

    def _read(self, key: str) -> dict[str, Any] | None:
        try:
            data, _ = self._artifacts.get(key)
        except NotFound:
            return None
        try:
            found = json.loads(data.decode())
        except ValueError:
            return None
        return found if isinstance(found, dict) else None

    def _write(self, key: str, playlist: dict[str, Any]) -> None:
        self._artifacts.put(key, json.dumps(playlist).encode(), PLAYLIST_TYPE)
