"""Render the hicolor PNG icons from resources/icon.svg: `python scripts/make_icons.py`.

Writes resources/icons/hicolor/<N>x<N>/apps/io.github.masthead.Masthead.png for every
size the desktop install ships (16 to 512 px) and copies the SVG to
resources/icons/hicolor/scalable/apps/. Rendered with Qt's QSvgRenderer, offscreen, so
it needs no display and no other tool. The PNGs are committed; run this again only when
icon.svg changes. `--check` exits 1 when a committed PNG differs from a fresh render.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "resources" / "icon.svg"
HICOLOR = REPO / "resources" / "icons" / "hicolor"
APP_ID = "io.github.masthead.Masthead"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def render(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {SOURCE} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841
    stale = []
    for size in SIZES:
        target = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        png = render(size)
        if args.check:
            if not target.exists() or target.read_bytes() != png:
                stale.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png)
        print(f"make_icons: {target.relative_to(REPO)} ({len(png)} bytes)")
    scalable = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    if args.check:
        if not scalable.exists() or scalable.read_bytes() != SOURCE.read_bytes():
            stale.append(scalable)
        for path in stale:
            print(f"make_icons: {path.relative_to(REPO)} differs from icon.svg", file=sys.stderr)
        return 1 if stale else 0
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    print(f"make_icons: {scalable.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
