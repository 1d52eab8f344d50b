"""The MiniWoB++ pages bundled in the `miniwob` package (fetched with pip when missing)."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import zipfile
from pathlib import Path


def start_episode(seed: int) -> str:
    """Script that starts an episode whose task is drawn from ``seed``, with time to spare."""
    return f"Math.seedrandom({seed}); core.EPISODE_MAX_TIME = 1e6; core.startEpisodeReal();"


START_EPISODE = start_episode(42)


def installed_html() -> Path | None:
    """The pages of the installed `miniwob` distribution, found from its metadata: importing
    the package needs gymnasium (left out), and a module search can find a same-named folder."""
    try:
        dist = importlib.metadata.distribution("miniwob")
    except importlib.metadata.PackageNotFoundError:
        return None
    html = Path(str(dist.locate_file("miniwob/html")))
    return html if (html / "miniwob").is_dir() else None


def miniwob_html(cache_dir: Path) -> tuple[Path | None, str]:
    """The folder holding core/ and miniwob/, and a note on where it came from."""
    installed = installed_html()
    if installed is not None:
        return installed, "miniwob package installed"
    unpacked = cache_dir / "miniwob" / "html"
    if (unpacked / "miniwob").is_dir():
        return unpacked, "miniwob pages from the bench cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    wheels = cache_dir / "wheels"
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(wheels)]
    try:
        subprocess.run([*command, "miniwob"], check=True, capture_output=True, timeout=180)
    except (subprocess.SubprocessError, OSError) as exc:
        return None, f"miniwob could not be fetched with pip ({type(exc).__name__}); skipped"
    wheel = next(iter(sorted(wheels.glob("miniwob-*.whl"))), None)
    if wheel is None:
        return None, "pip fetched no miniwob wheel; skipped"
    with zipfile.ZipFile(wheel) as archive:
        members = [m for m in archive.namelist() if m.startswith("miniwob/html/")]
        archive.extractall(cache_dir, members)
    return unpacked, f"miniwob pages from {wheel.name} (pip download)"
