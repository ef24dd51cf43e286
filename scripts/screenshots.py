"""Make the screenshots in docs/ on a virtual screen: `python scripts/screenshots.py`.

Each scene runs the real application in its own process under `xvfb-run`
(1280×800), arranges what the scene shows, waits for the preview to render,
and captures the screen with ImageMagick's `import -window root`. The posts
come from a copy of examples/news-site, so nothing in the repository changes.
Needs the Debian packages xvfb, xauth and imagemagick (scripts/setup.sh
installs them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
SITE = REPO / "examples" / "news-site"
POST = "source/_posts/2020-09-30-harbour-ferry-returns.md"
SCENES = {
    "editor-light": "the editor on a post, light theme",
    "editor-dark": "the editor on a post, dark theme",
    "site-table": "a site opened as a folder: the metadata table",
    "bulk-diff": "a bulk edit reviewed as per-file diffs before writing",
}
SETTLE_MS = 6000


def run_scene(name: str, work: Path) -> None:
    """Inside Xvfb: build the window for ``name``, capture the screen, quit."""
    from PySide6.QtCore import QTimer

    from editor.app import build_window, create_application
    from editor.core.user.settings import Settings

    settings = Settings.load(work / "settings.json")
    settings.theme = "dark" if name == "editor-dark" else "light"
    app = create_application()
    site = work / "news-site"
    paths = [str(site)] if name in ("site-table", "bulk-diff") else [str(site / POST)]
    window = build_window(settings, paths=paths, cache_dir=work / "cache")
    window.setGeometry(0, 0, 1280, 800)
    window.showMaximized()

    def arrange() -> None:
        panel = window.site_session.panel
        if name == "site-table" and panel is not None:
            panel.tabs.setCurrentWidget(panel.metadata_table)
            window.splitter.setSizes([760, 0, 520, 0])
        if name == "bulk-diff":
            show_bulk_dialog(window, site)

    def capture() -> None:
        target = work / f"{name}.png"
        subprocess.run(["import", "-window", "root", str(target)], check=True)
        app.quit()

    QTimer.singleShot(SETTLE_MS // 2, arrange)
    QTimer.singleShot(SETTLE_MS, capture)
    app.exec()


def show_bulk_dialog(window, site: Path) -> None:
    from editor.core.bulk import actions as bulk
    from editor.ui.site.bulk_dialog import BulkDialog

    posts = sorted((site / "source" / "_posts").glob("*.md"))
    plan = bulk.plan_action(bulk.AddListValue("categories", "local"), posts, root=site)
    dialog = BulkDialog(plan, window)
    dialog.setModal(False)
    dialog.move(140, 80)
    dialog.show()
    window._screenshot_dialog = dialog  # keep it alive until the capture


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--scene":
        run_scene(sys.argv[2], Path(os.environ["MASTHEAD_SHOT_DIR"]))
        return 0
    if not shutil.which("xvfb-run") or not shutil.which("import"):
        print("screenshots: needs xvfb-run and ImageMagick's import (run scripts/setup.sh)")
        return 1
    DOCS.mkdir(exist_ok=True)
    for name, what in SCENES.items():
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            shutil.copytree(SITE, work / "news-site")
            env = dict(os.environ, MASTHEAD_SHOT_DIR=str(work), QTWEBENGINE_DISABLE_SANDBOX="1")
            for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
                env[var] = str(work / var.lower())
            env.pop("QT_QPA_PLATFORM", None)
            subprocess.run(
                [
                    "xvfb-run",
                    "-a",
                    "-s",
                    "-screen 0 1280x800x24",
                    sys.executable,
                    __file__,
                    "--scene",
                    name,
                ],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=120,
            )
            shutil.copyfile(work / f"{name}.png", DOCS / f"{name}.png")
        print(f"screenshots: docs/{name}.png — {what}")
    (DOCS / "screenshots.json").write_text(json.dumps(SCENES, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
