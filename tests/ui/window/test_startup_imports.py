"""Start-up loads only what the first window needs (issue 16).

The window shows the body editor on the post (read, not yet parsed), its menus and
toolbar first; the post's parsing (YAML, the post model, the Document), the form,
the preview, the status bar, file safety, the writing tools and spelling are built
after that first frame (MainWindow.finish_building), and the renderers, QtWebEngine,
the site index and checks, the network module and the dialogs load after it too or
when first used. This runs the real ``masthead POST`` in a fresh process and lists the
modules loaded at the moment the window is shown.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO / "tests" / "data" / "sample" / "2020-09-30-harbour-ferry-returns.md"

# Loaded after the first paint, or on first use; never before the window shows.
NOT_BEFORE_THE_WINDOW = (
    "markdown",
    "markdown_it",
    "pygments",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtNetwork",
    "editor.core.render.dialects",
    "editor.core.render.export",
    "editor.core.render.cheatsheet",
    "editor.core.site.index",
    "editor.core.site.checks",
    "editor.ui.dialogs.preferences",
    "editor.ui.dialogs.help_dialogs",
    # Built after the first frame (MainWindow.finish_building):
    "editor.ui.form",
    "editor.session.frontmatter_model",
    "editor.session.preview",
    "editor.ui.preview.preview_view",
    "editor.ui.window.statusbar",
    "editor.ui.window.file_safety",
    "editor.ui.window.comfort",
    "editor.ui.window.writing",
    "editor.ui.editor.spelling",
    "editor.session.autosave",
    "editor.core.user.recovery",
    # The post is parsed after the first frame (its body shows before: OpeningPost).
    "yaml",
    "tomllib",
    "editor.core.post.model",
    "editor.session.document",
    # Only the commands need these; the Qt log's file handler comes after the frame.
    "editor.core.bulk",
    "logging.handlers",
    # The find bar is made when first opened.
    "editor.ui.editor.find_replace",
    # The user's folders are the XDG spec's on Linux (editor.core.platform.userdirs).
    *(("platformdirs",) if sys.platform.startswith("linux") else ()),
)

_PROBE = """
import json, os, sys
from editor.ui.window import main_window

def show(self):
    sys.stdout.write(json.dumps(sorted(sys.modules)))
    sys.stdout.flush()
    os._exit(0)

main_window.MainWindow.show = show
from editor.cli import main
main(sys.argv[1:])
"""


def _modules_when_the_window_shows(tmp_path: Path) -> set[str]:
    post = tmp_path / SAMPLE.name
    post.write_bytes(SAMPLE.read_bytes())
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_DISABLE_SANDBOX="1")
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        env[var] = str(tmp_path / var.lower())
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, str(post)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,  # only against a hang
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout))


def test_the_window_shows_before_the_renderers_and_the_site_tools_load(tmp_path):
    loaded = _modules_when_the_window_shows(tmp_path)
    assert "editor.ui.window.main_window" in loaded  # the probe ran at the real show()
    early = sorted(
        name
        for name in loaded
        if any(name == heavy or name.startswith(heavy + ".") for heavy in NOT_BEFORE_THE_WINDOW)
    )
    assert early == []
