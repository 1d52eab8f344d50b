"""Linking the system's ffmpeg where Playwright looks for its own, and finding it there."""

from __future__ import annotations

import os

import pytest

from stratus.adapters import playwright_ffmpeg as pf
from stratus.adapters.run_recorder import RunRecorder, playwright_ffmpeg_present


def fake_ffmpeg(tmp_path):
    path = tmp_path / "bin" / "ffmpeg"
    path.parent.mkdir()
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def test_the_link_is_where_playwright_looks_and_making_it_twice_changes_nothing(
    tmp_path,
) -> None:
    source = fake_ffmpeg(tmp_path)
    root = tmp_path / "browsers"
    revision = pf.ffmpeg_revision()
    assert revision and revision.isdigit()
    assert not playwright_ffmpeg_present(root)

    link = pf.link_system_ffmpeg(root, str(source))
    assert link == root / f"ffmpeg-{revision}" / "ffmpeg-linux"
    assert link.is_symlink() and link.resolve() == source
    made = link.lstat().st_mtime_ns
    assert pf.link_system_ffmpeg(root, str(source)) == link
    assert link.lstat().st_mtime_ns == made
    assert playwright_ffmpeg_present(root)

    other = tmp_path / "other-ffmpeg"
    other.write_text("#!/bin/sh\n")
    other.chmod(0o755)
    assert pf.link_system_ffmpeg(root, str(other)).resolve() == other  # relinked


def test_a_missing_ffmpeg_is_said(tmp_path, monkeypatch) -> None:
    with pytest.raises(FileNotFoundError):
        pf.link_system_ffmpeg(tmp_path, str(tmp_path / "nowhere"))
    monkeypatch.setattr(pf.shutil, "which", lambda name: None)
    with pytest.raises(FileNotFoundError):
        pf.link_system_ffmpeg(tmp_path)
    assert pf.main([str(tmp_path)]) == 1
    assert not list(tmp_path.rglob("ffmpeg-linux"))


def test_the_browsers_folder_setting_then_environment_then_project_folder(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(pf.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert pf.browsers_path() == tmp_path / "cache" / "ms-playwright"
    (tmp_path / ".playwright").mkdir()
    assert pf.browsers_path() == tmp_path / ".playwright"
    monkeypatch.setenv(pf.ENV, str(tmp_path / "env"))
    assert pf.browsers_path() == tmp_path / "env"
    assert pf.browsers_path("configured") == tmp_path / "configured"
    assert pf.use_browsers_path("configured") == tmp_path / "configured"
    assert os.environ[pf.ENV] == str(tmp_path / "configured")


def test_video_is_off_without_ffmpeg_and_on_with_the_link(tmp_path) -> None:
    sink = object()
    root = tmp_path / "browsers"
    assert not RunRecorder(sink, video=True, trace=False, browsers=root).video  # type: ignore[arg-type]
    pf.link_system_ffmpeg(root, str(fake_ffmpeg(tmp_path)))
    assert RunRecorder(sink, video=True, trace=False, browsers=root).video  # type: ignore[arg-type]
