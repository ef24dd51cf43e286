"""The application as a desktop program: its icon, --version, and --quit-after."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QSize

from editor.app import app_icon
from editor.cli import build_gui_parser

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO / "examples/news-site/source/_posts/2020-09-30-harbour-ferry-returns.md"


def test_app_icon_has_the_hicolor_sizes_up_to_256_px(qapp):
    # 512 px is left to the installed hicolor icons: X11 copies every size of a window's
    # icon to the X server when the window is shown.
    sizes = set(app_icon().availableSizes())
    assert sizes == {QSize(n, n) for n in (16, 22, 24, 32, 48, 64, 128, 256)}


def test_quit_after_is_hidden_from_help():
    parser = build_gui_parser()
    assert "--quit-after" not in parser.format_help()
    assert parser.parse_args(["--quit-after", "250", "x.md"]).quit_after == 250


def _run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_DISABLE_SANDBOX="1")
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        env[var] = str(tmp_path / var.lower())
    # The timeout only guards against a hang: the window must close by itself.
    return subprocess.run(
        [sys.executable, "-m", "editor", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )


def test_version_comes_from_the_package_metadata(tmp_path):
    proc = _run("--version", tmp_path=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == f"masthead {metadata.version('masthead')}\n"


def test_window_opens_the_post_and_quits_by_itself_after_quit_after(tmp_path):
    post = tmp_path / "post.md"
    post.write_bytes(SAMPLE.read_bytes())
    proc = _run("--quit-after", "300", str(post), tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert post.read_bytes() == SAMPLE.read_bytes()
    # The window ran and closed normally: closing saves the settings, the post among
    # the recent files.
    settings = json.loads((tmp_path / "xdg_config_home/masthead/settings.json").read_text())
    assert settings["recent_files"] == [str(post)]
