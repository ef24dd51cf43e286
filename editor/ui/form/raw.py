"""RawFrontMatterEditor: the front matter as plain text, kept in sync with the model.

Typing applies the text to the post after a short pause when it is valid. An invalid text
is never written: its error line is highlighted and the PostError message is shown until
the text is fixed or the model's text replaces it.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QFontDatabase, QTextCursor, QTextFormat
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from editor.core.errors import PostError
from editor.session.frontmatter_model import FrontMatterModel
from editor.ui.form.base import COMMIT_DELAY_MS

ERROR_LINE_COLOR = QColor(255, 0, 0, 48)


class RawFrontMatterEditor(QWidget):
    def __init__(self, model: FrontMatterModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.text_edit = QPlainTextEdit()
        self.text_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.error_label = QLabel()
        self.error_label.setObjectName("rawError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(self.error_label)
        self.last_error: PostError | None = None
        self._updating = False
        self._flushing = False  # applying the typed text: the model's answer comes back
        # The text typed and the post's text for it, while the typing is shown as typed.
        self._typed_as: tuple[str, str] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COMMIT_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.text_edit.textChanged.connect(self._on_text_changed)
        self.setFocusProxy(self.text_edit)
        self.refresh()

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def has_pending_edit(self) -> bool:
        return self._timer.isActive() or self.last_error is not None

    def refresh(self) -> None:
        """Show the model's text, unless the user has an edit in flight (pending or invalid)."""
        if self._timer.isActive():
            return
        if self.last_error is not None and self.text_edit.hasFocus():
            return
        self.reload()

    def reload(self) -> None:
        """Show the model's text, dropping any unapplied edit."""
        self._timer.stop()
        text = self.model.raw_text()
        self.show_error(None)
        self.model.discard_unapplied()
        if text == self.text():
            return
        if self._flushing or self._typed_as == (self.text(), text):
            # The typing just applied, or still shown, as the post writes it (a final
            # newline added, say): it stays as typed. setPlainText would drop the text
            # edit's undo history, and Ctrl+Z, which the text edit takes, would do nothing.
            self._typed_as = (self.text(), text)
            return
        cursor_position = self.text_edit.textCursor().position()
        self._updating = True
        self.text_edit.setPlainText(text)
        self._updating = False
        cursor = self.text_edit.textCursor()
        cursor.setPosition(min(cursor_position, len(text)))
        self.text_edit.setTextCursor(cursor)

    def flush(self) -> PostError | None:
        """Apply the typed text now if it is valid; returns the error when it is not."""
        self._timer.stop()
        self._flushing = True
        try:
            err = self.model.set_raw_text(self.text())
        finally:
            self._flushing = False
        self.show_error(err)
        return err

    def _on_text_changed(self) -> None:
        if not self._updating:
            self._timer.start()

    def show_error(self, err: PostError | None) -> None:
        self.last_error = err
        if err is None:
            self.error_label.hide()
            self.text_edit.setExtraSelections([])
            return
        line = self.model.raw_line(err.line)
        where = f"line {err.line}: " if line else ""  # file lines, as everywhere
        self.error_label.setText(f"{where}{err.message} — not applied until fixed")
        self.error_label.show()
        if line is None:
            self.text_edit.setExtraSelections([])
            return
        block = self.text_edit.document().findBlockByNumber(line - 1)
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(ERROR_LINE_COLOR)
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.cursor = QTextCursor(block)
        self.text_edit.setExtraSelections([selection])

    def error_line(self) -> int | None:
        """The 1-based line highlighted as wrong, or None."""
        selections = self.text_edit.extraSelections()
        return selections[0].cursor.blockNumber() + 1 if selections else None
