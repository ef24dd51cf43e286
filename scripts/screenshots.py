"""Make the screenshots in docs/ on a virtual screen: `python scripts/screenshots.py`.

Each scene runs the real application in its own process under `xvfb-run`
(1280×800), arranges what the scene shows, waits for the preview to render,
and captures the screen with ImageMagick's `import -window root`. The posts
come from a copy of examples/news-site, so nothing in the repository changes
(the outline and taxonomy scenes edit their copy: a post with more sections, a
near-duplicate category). `--only NAME…` makes the named scenes only.
Needs the Debian packages xvfb, xauth and imagemagick (scripts/setup.sh
installs them).
"""

from __future__ import annotations

import argparse
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
    "focus-mode": "focus mode: all but the caret's paragraph dimmed, the form hidden",
    "outline": "the outline of a post's sections, the caret's section highlighted",
    "taxonomy": "a site's categories with their counts and a pair of similar values",
}
SITE_SCENES = ("site-table", "bulk-diff", "taxonomy")
# The outline scene's copy of POST gets these headings, each before the line it names
# (it has "## What changes for riders" already).
OUTLINE_HEADINGS = {
    "- Bicycles ride free": "### Fares and passes\n\n",
    '> "We missed': "## What riders said\n\n",
    "The operator plans": "## What comes next\n\n",
}
# The taxonomy scene's copy: one post spells a category differently (a near-duplicate).
TAXONOMY_POST = "source/_posts/2020-09-29-park-trees-planted.md"
TAXONOMY_EDIT = ("categories: [latest, community]", "categories: [latest, Community]")
SETTLE_MS = 6000


def run_scene(name: str, work: Path) -> int:
    """Inside Xvfb: build the window for ``name``, capture the screen, quit (the exit
    status: 1 when the scene could not be arranged)."""
    from PySide6.QtCore import QTimer

    from editor.app import build_window, create_application
    from editor.core.user.settings import Settings

    settings = Settings.load(work / "settings.json")
    settings.theme = "dark" if name == "editor-dark" else "light"
    app = create_application()
    site = work / "news-site"
    paths = [str(site)] if name in SITE_SCENES else [str(site / POST)]
    if name == "outline":
        settings.outline_visible = True
    window = build_window(settings, paths=paths, cache_dir=work / "cache")
    window.setGeometry(0, 0, 1280, 800)
    window.showMaximized()

    def arrange() -> None:
        try:
            arrange_scene()
        except (Exception, SystemExit) as error:  # the parent sees the exit status
            print(f"screenshots: {name}: {error}", file=sys.stderr)
            app.exit(1)

    def arrange_scene() -> None:
        panel = window.site_session.panel
        if name == "site-table" and panel is not None:
            panel.tabs.setCurrentWidget(panel.metadata_table)
            window.splitter.setSizes([760, 0, 520, 0])
        if name == "bulk-diff":
            show_bulk_dialog(window, site)
        if name == "focus-mode":
            window.window_actions.form.trigger()  # only the body and the preview
            window.comfort.set_focus_mode(True)
            place_caret(window, "After four months")
        if name == "outline":
            window.writing.outline_dock.show()
            place_caret(window, "The operator plans")
        if name == "taxonomy" and panel is not None:
            panel.show_taxonomy()
            panel.taxonomy_panel.set_field("categories")
            select_values(panel.taxonomy_panel, ("community", "Community"))
            window.splitter.setSizes([760, 0, 520, 0])

    def capture() -> None:
        target = work / f"{name}.png"
        subprocess.run(["import", "-window", "root", str(target)], check=True)
        app.quit()

    QTimer.singleShot(SETTLE_MS // 2, arrange)
    QTimer.singleShot(SETTLE_MS, capture)
    return app.exec()


def place_caret(window, text: str) -> None:
    """The caret at the start of the body line that begins with ``text``."""
    from PySide6.QtWidgets import QApplication

    editor = window.body_editor
    block = editor.document().firstBlock()
    while block.isValid() and not block.text().startswith(text):
        block = block.next()
    if not block.isValid():
        raise SystemExit(f"no line starting {text!r} in the body")
    cursor = editor.textCursor()
    cursor.setPosition(block.position())
    editor.setTextCursor(cursor)
    editor.centerCursor()
    QApplication.setCursorFlashTime(0)  # a caret that does not blink is in the picture
    window.activateWindow()
    editor.setFocus()


def select_values(panel, values: tuple[str, ...]) -> None:
    for index in range(panel.tree.topLevelItemCount()):
        item = panel.tree.topLevelItem(index)
        item.setSelected(item.text(0) in values)


def edit_copy(name: str, site: Path) -> None:
    """The outline and taxonomy scenes' changes to their copy of the site."""
    if name == "outline":
        post = site / POST
        lines = post.read_text(encoding="utf-8").splitlines(keepends=True)
        for start, heading in OUTLINE_HEADINGS.items():
            hits = [i for i, line in enumerate(lines) if line.startswith(start)]
            if len(hits) != 1:
                raise SystemExit(f"screenshots: {POST} has {len(hits)} lines starting {start!r}")
            at = hits[0]
            lines.insert(at, heading if not lines[at - 1].strip() else "\n" + heading)
        post.write_text("".join(lines), encoding="utf-8")
    if name == "taxonomy":
        post = site / TAXONOMY_POST
        old, new = TAXONOMY_EDIT
        text = post.read_text(encoding="utf-8")
        if old not in text:
            raise SystemExit(f"screenshots: {TAXONOMY_POST} has no {old!r}")
        post.write_text(text.replace(old, new), encoding="utf-8")


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
    parser = argparse.ArgumentParser(description="Make the screenshots in docs/.")
    parser.add_argument("--scene", help=argparse.SUPPRESS)  # inside Xvfb: one scene
    parser.add_argument(
        "--only", nargs="+", choices=list(SCENES), metavar="NAME", help="make these scenes only"
    )
    args = parser.parse_args()
    if args.scene:
        return run_scene(args.scene, Path(os.environ["MASTHEAD_SHOT_DIR"]))
    if not shutil.which("xvfb-run") or not shutil.which("import"):
        print("screenshots: needs xvfb-run and ImageMagick's import (run scripts/setup.sh)")
        return 1
    DOCS.mkdir(exist_ok=True)
    for name in args.only or list(SCENES):
        what = SCENES[name]
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            shutil.copytree(SITE, work / "news-site")
            edit_copy(name, work / "news-site")
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
