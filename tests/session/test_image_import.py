"""What a drop or a paste carries (files, image data as PNG) and the importer for a Document."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QUrl
from PySide6.QtGui import QColor, QImage, QPixmap

from editor.core.errors import PostError
from editor.core.post.model import Post
from editor.session.document import Document
from editor.session.image_import import (
    ImageImporter,
    carries_image_only,
    local_files,
    pasted_png,
    png_bytes,
)


def red(width=4, height=3) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    return image


def test_only_local_files_are_taken_from_urls(qapp, tmp_path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "a.png")), QUrl("https://x.org/b.png")])
    assert local_files(mime) == [tmp_path / "a.png"]
    assert local_files(QMimeData()) == []


def test_image_data_counts_only_without_text(qapp):
    image = QMimeData()
    image.setImageData(red())
    assert carries_image_only(image)
    both = QMimeData()
    both.setImageData(red())
    both.setText("words")
    assert not carries_image_only(both)
    assert not carries_image_only(QMimeData())


def test_the_clipboards_own_png_bytes_are_kept(qapp):
    original = png_bytes(red())
    mime = QMimeData()
    mime.setData("image/png", QByteArray(original))
    assert pasted_png(mime) == original


@pytest.mark.parametrize("kind", [QImage, QPixmap])
def test_other_image_data_becomes_png(qapp, kind):
    mime = QMimeData()
    mime.setImageData(red() if kind is QImage else QPixmap.fromImage(red()))
    data = pasted_png(mime)
    assert data is not None and data.startswith(b"\x89PNG")
    back = QImage.fromData(data)
    assert (back.width(), back.height(), back.pixelColor(1, 1)) == (4, 3, QColor("red"))
    assert pasted_png(QMimeData()) is None


def test_the_importer_needs_a_saved_post(qapp):
    importer = ImageImporter(Document(Post.new()))
    with pytest.raises(PostError, match="Save the post first"):
        importer.place()


def test_the_importer_names_pasted_images_after_the_posts_slug(qapp, tmp_path):
    (tmp_path / "hugo.toml").write_text('baseURL = "https://x.org/"\n')
    post = tmp_path / "content/posts/2021-01-02-big-day.md"
    post.parent.mkdir(parents=True)
    post.write_text("---\ntitle: T\nslug: the-big-day\n---\nBody\n")
    document = Document(Post.load(post))
    document.load(post)
    importer = ImageImporter(document)
    plan = importer.store_png(png_bytes(red()))
    assert plan.target == tmp_path / "static/images/the-big-day-1.png"
    assert plan.url == "/images/the-big-day-1.png"
    assert importer.plan_png(png_bytes(red())).reuse
