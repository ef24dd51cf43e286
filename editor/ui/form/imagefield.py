"""ImageField: an image path or URL with a thumbnail beside it.

The model resolves and loads the image (local files against the site folder; remote URLs
only when remote content is allowed) and answers with ``thumbnail_ready``; this widget only
shows the result or the reason there is none.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from editor.session.frontmatter_model import FrontMatterModel
from editor.ui.form.fields import LineField

THUMBNAIL_SIZE = QSize(160, 90)


class ImageField(LineField):
    """A LineField plus a thumbnail (or a note saying why there is none)."""

    def __init__(self, model: FrontMatterModel, key: str, parent: QWidget | None = None):
        self.thumbnail = QLabel()
        super().__init__(model, key, parent)
        self.thumbnail.setObjectName("thumbnail")
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.thumbnail.setWordWrap(True)
        self.thumbnail.setMaximumHeight(THUMBNAIL_SIZE.height() + 4)
        self.thumbnail.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.thumbnail.setStyleSheet(
            "#thumbnail { color: palette(placeholder-text); font-style: italic; }"
        )
        self.thumbnail.hide()
        self.layout().addWidget(self.thumbnail)
        self.note = ""
        model.thumbnail_ready.connect(self._on_thumbnail)
        model.remote_policy_changed.connect(lambda _allowed: self._request())
        self._requested_for: str | None = None
        self._request()

    def refresh(self) -> None:
        super().refresh()
        requested = getattr(self, "_requested_for", None)  # None while __init__ runs
        if requested is not None and requested != self.line_edit.text():
            self._request()

    def _request(self) -> None:
        if not self.model.has_key(self.key):
            return
        self._requested_for = self.line_edit.text()
        self.model.request_thumbnail(self.key, THUMBNAIL_SIZE)

    def refresh_thumbnail(self) -> None:
        """Load the thumbnail again (after the site folder or the file changed)."""
        self._request()

    def _on_thumbnail(self, key: str, image: QImage, note: str) -> None:
        if key != self.key:
            return
        self.note = note
        self.thumbnail.setVisible(bool(note) or not image.isNull())
        if image.isNull():
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText(note)
            self.thumbnail.setToolTip(note)
        else:
            self.thumbnail.setText("")
            self.thumbnail.setPixmap(QPixmap.fromImage(image))
            self.thumbnail.setToolTip(self.line_edit.text())

    def has_thumbnail(self) -> bool:
        pixmap = self.thumbnail.pixmap()
        return pixmap is not None and not pixmap.isNull()
