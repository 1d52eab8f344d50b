"""Where Playwright finds the ffmpeg it records video with, and linking Debian's there.

Playwright encodes a context's video (VP9 in WebM) by piping frames to an ffmpeg build of
its own, looked up in its browsers folder as ``ffmpeg-<revision>/ffmpeg-linux`` (the
revision is in the driver's ``browsers.json``). That build is downloaded from a CDN by
``playwright install ffmpeg``; Stratus instead links the system's ffmpeg (Debian's
``ffmpeg`` package, which has libvpx) at that path in a folder of its own, ``.playwright``
(``make setup`` does it), and points Playwright there with ``PLAYWRIGHT_BROWSERS_PATH``
before starting it. Only ffmpeg is looked up there: Chromium is launched from
``chromium_path``.

``python -m stratus.adapters.playwright_ffmpeg [FOLDER]`` links the system ffmpeg into
FOLDER (default ``.playwright``) and prints the link; it does nothing when the link is
already right.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

PROJECT_FOLDER = Path(".playwright")  # where `make setup` links ffmpeg (gitignored)
ENV = "PLAYWRIGHT_BROWSERS_PATH"


def ffmpeg_revision() -> str | None:
    """The revision of ffmpeg the installed Playwright driver expects."""
    try:
        import playwright

        package = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
        browsers = json.loads(package.read_text())["browsers"]
        found = next(b for b in browsers if b["name"] == "ffmpeg")
    except (OSError, ValueError, KeyError, StopIteration, ImportError):
        return None
    if found.get("revisionOverrides"):
        return None  # a platform-specific folder name this lookup does not model
    return str(found["revision"])


def browsers_path(configured: str | Path | None = None) -> Path:
    """The browsers folder Playwright will use: ``configured`` (the setting) when given,
    else ``PLAYWRIGHT_BROWSERS_PATH``, else the project's ``.playwright`` folder when it
    exists, else Playwright's default (the user's cache folder)."""
    if configured:
        return Path(configured).absolute()
    env = os.environ.get(ENV)
    if env and env != "0":
        return Path(env).absolute()
    if PROJECT_FOLDER.is_dir():
        return PROJECT_FOLDER.absolute()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "ms-playwright"


def ffmpeg_path(root: Path) -> Path | None:
    """Where Playwright looks for its ffmpeg under ``root`` (None: revision unknown)."""
    revision = ffmpeg_revision()
    return root / f"ffmpeg-{revision}" / "ffmpeg-linux" if revision else None


def ffmpeg_present(root: Path) -> bool:
    """Whether an executable ffmpeg is where Playwright will look for it."""
    path = ffmpeg_path(root)
    return path is not None and path.is_file() and os.access(path, os.X_OK)


def use_browsers_path(configured: str | Path | None) -> Path:
    """Point Playwright (started after this, in this process) at its browsers folder."""
    root = browsers_path(configured)
    os.environ[ENV] = str(root)
    return root


def link_system_ffmpeg(root: Path, source: str | None = None) -> Path:
    """Link the system's ffmpeg where Playwright looks for its own; the link's path."""
    found = source or shutil.which("ffmpeg")
    if not found:
        raise FileNotFoundError("no ffmpeg on PATH (Debian: apt-get install ffmpeg)")
    target = Path(found).resolve()
    if not target.is_file():
        raise FileNotFoundError(f"{found} is not a file")
    link = ffmpeg_path(root.absolute())
    if link is None:
        raise RuntimeError("cannot tell which ffmpeg revision Playwright expects")
    if link.is_symlink() and link.resolve() == target:
        return link
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(target)
    return link


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else PROJECT_FOLDER
    try:
        link = link_system_ffmpeg(root)
    except (OSError, RuntimeError) as exc:
        print(f"ffmpeg not linked: {exc}", file=sys.stderr)
        return 1
    print(f"Playwright's ffmpeg: {link} -> {link.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
