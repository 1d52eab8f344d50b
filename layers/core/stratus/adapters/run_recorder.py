"""Video and trace recording of runs' browser contexts, for the Playwright provider.

A run's own context records video into a folder of its own (``record_video_dir``);
Playwright finishes the files when the context closes, and they are then stored, in order,
through the recording service. A trace covers each step: started when the step gets its
browser, stopped and stored when the step lets it go (or when the context closes first).
Playwright encodes video with an ffmpeg it looks up in its browsers folder (its own build,
or Debian's linked there by ``make setup``: see ``playwright_ffmpeg``); where none is
found, video is off (said once in the log) and traces go on.
Contexts the provider does not launch itself (a remote browser reached over CDP, a
persistent browser session's context) record no video; their steps are still traced.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..domain.models import Run
from .playwright_ffmpeg import browsers_path, ffmpeg_present

log = logging.getLogger(__name__)


def playwright_ffmpeg_present(browsers: str | Path | None = None) -> bool:
    """Whether the ffmpeg Playwright records video with is where it will look for it (its
    own build, or the system's linked there: see ``playwright_ffmpeg``)."""
    return ffmpeg_present(browsers_path(browsers))


class RecordingSink(Protocol):
    def add(
        self, organization_id: str, run_id: str, kind: Any, data: bytes, *, step: int | None
    ) -> str | None: ...


@dataclass
class _Trace:
    run_id: str
    organization_id: str
    step: int


class RunRecorder:
    def __init__(
        self,
        sink: RecordingSink | None,
        *,
        video: bool,
        trace: bool,
        work_dir: Path | None = None,
        browsers: str | Path | None = None,
    ) -> None:
        self._sink = sink
        self.video = video and sink is not None
        if self.video and not playwright_ffmpeg_present(browsers):
            log.warning(
                "video recording is off: no ffmpeg for Playwright in %s (make setup links "
                "Debian's there)",
                browsers_path(browsers),
            )
            self.video = False
        self.trace = trace and sink is not None
        self._work_dir = work_dir or Path(tempfile.gettempdir()) / "stratus-video"
        self._video_dirs: dict[str, tuple[Path, str]] = {}  # context key -> (folder, org)
        self._traces: dict[str, _Trace] = {}  # context key -> the step it is tracing

    def video_options(self, key: str, run: Run) -> dict[str, Any]:
        """Context options that record the run's own context; {} when not recorded."""
        if not self.video or key != run.run_id:
            return {}
        folder = self._work_dir / run.run_id / uuid.uuid4().hex
        folder.mkdir(parents=True, exist_ok=True)
        self._video_dirs[key] = (folder, run.organization_id)
        return {"record_video_dir": str(folder)}

    async def begin_step(self, key: str, context: Any, run: Run) -> None:
        """Trace the step about to run in ``context`` (one trace per step)."""
        if not self.trace or key in self._traces:
            return
        try:
            await context.tracing.start(screenshots=True, snapshots=True, sources=False)
        except Exception:  # a recording is optional; logged
            log.warning("could not start a trace for %s", run.run_id, exc_info=True)
            return
        self._traces[key] = _Trace(run.run_id, run.organization_id, run.step_count + 1)

    async def end_step(self, key: str, context: Any) -> None:
        """Stop the context's trace and store it for the run whose step it covered."""
        trace = self._traces.pop(key, None)
        if trace is None or self._sink is None:
            return
        folder = Path(tempfile.mkdtemp(prefix="stratus-trace-"))
        path = folder / "trace.zip"
        try:
            await context.tracing.stop(path=str(path))
            data = path.read_bytes()
        except Exception:  # a recording is optional; logged
            log.warning("could not save the trace of %s", trace.run_id, exc_info=True)
            return
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        self._store(trace.organization_id, trace.run_id, "trace", data, trace.step)

    async def context_closed(self, key: str) -> None:
        """Store the videos of a closed context (Playwright finished them on close)."""
        found = self._video_dirs.pop(key, None)
        if found is None or self._sink is None:
            return
        folder, organization_id = found
        try:
            videos = sorted(folder.glob("*.webm"), key=lambda p: p.stat().st_mtime)
            for video in videos:
                data = video.read_bytes()
                if data:
                    self._store(organization_id, key, "video", data, None)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _store(self, org: str, run_id: str, kind: str, data: bytes, step: int | None) -> None:
        assert self._sink is not None
        try:
            self._sink.add(org, run_id, kind, data, step=step)
        except Exception:  # a recording is optional; logged
            log.warning("could not store the %s of %s", kind, run_id, exc_info=True)
