"""Dropped files and pasted image data brought into the open post's site.

The Qt side of `editor.core.site.images` (which decides the place, the names and the
Markdown): ``local_files`` reads the files a drop or a paste carries, ``pasted_png``
the image data of a paste as PNG bytes, and ``ImageImporter`` plans and stores both
for the Document's post, looking the site up again each time (the post may have been
saved elsewhere, or ``masthead.toml`` edited, since the last one).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData
from PySide6.QtGui import QImage, QImageWriter, QPixmap

from editor.core.errors import PostError
from editor.core.site.images import (
    ImagePlace,
    ImportPlan,
    place_for,
    plan_data,
    plan_file,
    post_slug,
    store_data,
    store_file,
)
from editor.core.site.layout import find_site_root
from editor.session.document import Document

log = logging.getLogger(__name__)

PNG_FORMAT = "image/png"


def local_files(mime: QMimeData) -> list[Path]:
    """The local files a drop or paste carries (other URLs are left to plain text)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def carries_image_only(mime: QMimeData) -> bool:
    """Image data without text: a screenshot or a copied picture (text pastes as text)."""
    return (mime.hasImage() or mime.hasFormat(PNG_FORMAT)) and not mime.hasFormat("text/plain")


def pasted_png(mime: QMimeData) -> bytes | None:
    """The pasted image as PNG bytes (the clipboard's own PNG when it has one), or None."""
    if mime.hasFormat(PNG_FORMAT):
        data = bytes(mime.data(PNG_FORMAT).data())
        if data.startswith(b"\x89PNG"):
            return data
    image = mime.imageData() if mime.hasImage() else None
    if isinstance(image, QPixmap):
        image = image.toImage()
    if not isinstance(image, QImage) or image.isNull():
        return None
    return png_bytes(image)


def png_bytes(image: QImage) -> bytes:
    buffer_bytes = QByteArray()
    buffer = QBuffer(buffer_bytes)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise PostError(f"the pasted image could not be saved as PNG: {writer.errorString()}")
    buffer.close()
    return bytes(buffer_bytes.data())


class ImageImporter:
    """Plans and stores files and pasted images for the Document's post."""

    def __init__(self, document: Document) -> None:
        self.document = document

    def post_path(self) -> Path:
        path = self.document.path
        if path is None:
            raise PostError("Save the post first: its images are copied into its site, beside it.")
        return path

    def place(self) -> ImagePlace:
        return place_for(self.post_path())

    def slug(self) -> str:
        path = self.post_path()
        return post_slug(path, self.document.post.metadata, find_site_root(path))

    def plan_file(self, source: Path) -> ImportPlan:
        return plan_file(self.place(), self.post_path(), source)

    def store_file(self, source: Path) -> ImportPlan:
        plan = store_file(self.place(), self.post_path(), source)
        log.info("%s: %s", "reused" if plan.reuse else "copied to", plan.target)
        return plan

    def plan_png(self, data: bytes) -> ImportPlan:
        return plan_data(self.place(), self.post_path(), data, self.slug())

    def store_png(self, data: bytes) -> ImportPlan:
        plan = store_data(self.place(), self.post_path(), data, self.slug())
        log.info("%s: %s", "reused" if plan.reuse else "pasted image saved as", plan.target)
        return plan
