"""Scalar and nested-value editors for the front-matter form.

Single-line and multi-line text, yes/no, whole and decimal numbers, and a small YAML editor
for maps and anything else. The date, list and image editors live in their own modules.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFontDatabase, QKeyEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from editor.session.frontmatter_model import FrontMatterModel
from editor.ui.form.base import FieldEditor

INT_LIMIT = 2**31 - 1
FLOAT_LIMIT = 1e15


def _single_child_layout(widget: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    return layout


def display_text(value: Any) -> str:
    return "" if value is None else str(value)


class LineField(FieldEditor):
    """A one-line string (or an empty value) in a QLineEdit."""

    def __init__(self, model: FrontMatterModel, key: str, parent: QWidget | None = None):
        super().__init__(model, key, parent)
        self.line_edit = QLineEdit()
        self.line_edit.setClearButtonEnabled(False)
        _single_child_layout(self).addWidget(self.line_edit)
        self._timer = self.make_commit_timer(self.flush)
        self.line_edit.textEdited.connect(lambda _text: self._timer.start())
        self.line_edit.editingFinished.connect(self.flush)
        self.setFocusProxy(self.line_edit)
        self.refresh()

    def refresh(self) -> None:
        value = self.model.value(self.key)
        text = display_text(value)
        if value is None:
            self.line_edit.setPlaceholderText("(empty)")
        if self.line_edit.text() != text:
            cursor = self.line_edit.cursorPosition() if self.line_edit.hasFocus() else 0
            self._updating = True
            self.line_edit.setText(text)
            self.line_edit.setCursorPosition(min(cursor, len(text)))
            self._updating = False
        self.line_edit.setToolTip(text)

    def flush(self) -> None:
        self._timer.stop()
        if not self.model.has_key(self.key):
            return
        text = self.line_edit.text()
        current = self.model.value(self.key)
        if text == display_text(current):
            return
        self.model.set_value(self.key, text, coalesce=True)


class _WrappingTextEdit(QPlainTextEdit):
    """A wrapping QPlainTextEdit that grows with its content up to ``max_lines``."""

    def __init__(self, min_lines: int = 2, max_lines: int = 10):
        super().__init__()
        self._min_lines = min_lines
        self._max_lines = max_lines
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self._fit)
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit()

    def wrapped_line_count(self) -> int:
        """Lines the text takes at the current width. Counted here because the document
        layout forgets every block's wrapping on resize and re-wraps lazily as it paints."""
        document = self.document()
        # The width QPlainTextDocumentLayout wraps at, less the caret so a line that only
        # just fits is not miscounted.
        width = self.viewport().width() - 2 * document.documentMargin() - self.cursorWidth()
        if width <= 0:
            return document.blockCount()
        option = document.defaultTextOption()
        count = 0
        block = document.begin()
        while block.isValid():
            layout = QTextLayout(block.text(), document.defaultFont())
            layout.setTextOption(option)
            layout.beginLayout()
            lines_in_block = 0
            while (line := layout.createLine()).isValid():
                line.setLineWidth(width)
                lines_in_block += 1
            layout.endLayout()
            count += max(1, lines_in_block)
            block = block.next()
        return count

    def _fit(self) -> None:
        lines = max(self._min_lines, min(self._max_lines, self.wrapped_line_count()))
        margins = self.contentsMargins()
        frame = 2 * self.frameWidth() + margins.top() + margins.bottom()
        padding = 2 * int(self.document().documentMargin())
        height = lines * self.fontMetrics().lineSpacing() + frame + padding
        if height != self.minimumHeight() or height != self.maximumHeight():
            self.setFixedHeight(height)


class TextField(FieldEditor):
    """A long or multi-line string. For a one-line string Enter commits instead of
    inserting a newline (Shift+Enter still breaks the line)."""

    def __init__(self, model: FrontMatterModel, key: str, parent: QWidget | None = None):
        super().__init__(model, key, parent)
        self.text_edit = _WrappingTextEdit()
        _single_child_layout(self).addWidget(self.text_edit)
        self._timer = self.make_commit_timer(self.flush)
        self.text_edit.textChanged.connect(self._on_text_changed)
        self.text_edit.installEventFilter(self)
        self.setFocusProxy(self.text_edit)
        self.refresh()

    def _single_line(self) -> bool:
        return self.model.kind(self.key) != "text"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.text_edit:
            if event.type() == QEvent.Type.FocusOut:
                self.flush()
            elif event.type() == QEvent.Type.KeyPress and self._is_plain_enter(event):
                if self._single_line():
                    self.flush()
                    return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _is_plain_enter(event: QKeyEvent) -> bool:
        return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        )

    def _on_text_changed(self) -> None:
        if not self._updating:
            self._timer.start()

    def refresh(self) -> None:
        text = display_text(self.model.value(self.key))
        if self.text_edit.toPlainText() != text:
            self._updating = True
            self.text_edit.setPlainText(text)
            self._updating = False
        self.text_edit.setToolTip(text)

    def flush(self) -> None:
        self._timer.stop()
        if not self.model.has_key(self.key):
            return
        text = self.text_edit.toPlainText()
        if text != display_text(self.model.value(self.key)):
            self.model.set_value(self.key, text, coalesce=True)


class BoolField(FieldEditor):
    """true / false as a checkbox; each toggle is one edit."""

    def __init__(self, model: FrontMatterModel, key: str, parent: QWidget | None = None):
        super().__init__(model, key, parent)
        self.check_box = QCheckBox()
        _single_child_layout(self).addWidget(self.check_box)
        self.check_box.toggled.connect(self._on_toggled)
        self.setFocusProxy(self.check_box)
        self.refresh()

    def refresh(self) -> None:
        value = bool(self.model.value(self.key))
        if self.check_box.isChecked() != value:
            self._updating = True
            self.check_box.setChecked(value)
            self._updating = False
        self.check_box.setText("yes" if value else "no")

    def _on_toggled(self, checked: bool) -> None:
        self.check_box.setText("yes" if checked else "no")
        if not self._updating:
            self.model.set_value(self.key, checked)


class _NumberField(FieldEditor):
    """Shared spin-box behaviour: commit on Enter, focus loss, arrows and wheel."""

    def _setup(self, spin: QSpinBox | QDoubleSpinBox) -> None:
        self.spin = spin
        spin.setKeyboardTracking(False)  # valueChanged only when the typed number is done
        spin.setButtonSymbols(QSpinBox.ButtonSymbols.UpDownArrows)
        spin.setMaximumWidth(220)
        spin.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # no accidental wheel edits
        _single_child_layout(self).addWidget(spin, 0, Qt.AlignmentFlag.AlignLeft)
        spin.valueChanged.connect(self._on_value_changed)
        self.setFocusProxy(spin)
        self.refresh()

    def refresh(self) -> None:
        value = self.model.value(self.key)
        if self.spin.value() != value:
            self._updating = True
            self.spin.setValue(value)
            self._updating = False

    def _on_value_changed(self, value) -> None:
        if (
            not self._updating
            and self.model.has_key(self.key)
            and value != self.model.value(self.key)
        ):
            self.model.set_value(self.key, value)

    def flush(self) -> None:
        self.spin.interpretText()


class IntField(_NumberField):
    def __init__(self, model: FrontMatterModel, key: str, parent: QWidget | None = None):
        super().__init__(model, key, parent)
        spin = QSpinBox()
        spin.setRange(-INT_LIMIT, INT_LIMIT)
        self._setup(spin)

    @staticmethod
    def fits(value: int) -> bool:
        return -INT_LIMIT <= value <= INT_LIMIT


class FloatField(_NumberField):
    def __init__(self, model: FrontMatterModel, key: str, parent: QWidget | None = None):
        super().__init__(model, key, parent)
        spin = QDoubleSpinBox()
        spin.setRange(-FLOAT_LIMIT, FLOAT_LIMIT)
        spin.setDecimals(self._decimals(model.value(key)))
        self._setup(spin)

    @staticmethod
    def _decimals(value: float) -> int:
        text = repr(float(value))
        if "e" in text or "." not in text:
            return 6
        return max(2, min(10, len(text.split(".", 1)[1])))

    @staticmethod
    def fits(value: float) -> bool:
        return -FLOAT_LIMIT <= value <= FLOAT_LIMIT


class YamlField(FieldEditor):
    """Maps and other nested values as a small YAML text. It validates as you type, shows
    the error with its line, and only ever commits a text that parses."""

    def __init__(self, model: FrontMatterModel, key: str, parent: QWidget | None = None):
        super().__init__(model, key, parent)
        self.text_edit = _WrappingTextEdit(min_lines=2, max_lines=14)
        self.text_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text_edit.setTabChangesFocus(False)
        self.error_label = QLabel()
        self.error_label.setObjectName("yamlError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        layout = _single_child_layout(self)
        layout.addWidget(self.text_edit)
        layout.addWidget(self.error_label)
        self._timer = self.make_commit_timer(self.flush)
        self.text_edit.textChanged.connect(self._on_text_changed)
        self.text_edit.installEventFilter(self)
        self.setFocusProxy(self.text_edit)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.text_edit and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)

    def _on_text_changed(self) -> None:
        if self._updating:
            return
        _value, err = self.model.parse_yaml(self.text_edit.toPlainText())
        self._show_error(err)
        self._timer.start()

    def _show_error(self, err) -> None:
        if err is None:
            self.error_label.hide()
            self.text_edit.setStyleSheet("")
            return
        where = f"line {err.line}: " if err.line else ""
        self.error_label.setText(f"{where}{err.message} — not saved until fixed")
        self.error_label.show()
        self.text_edit.setStyleSheet("QPlainTextEdit { border: 1px solid #b00020; }")

    def refresh(self) -> None:
        current = self.model.value(self.key)
        shown, err = self.model.parse_yaml(self.text_edit.toPlainText())
        if err is None and shown == current and self.text_edit.toPlainText():
            return
        if self.text_edit.hasFocus() and err is not None:
            return  # the user is mid-way through fixing an error; don't clobber it
        self._updating = True
        self.text_edit.setPlainText(self.model.yaml_text(self.key))
        self._updating = False
        self._show_error(None)

    def flush(self) -> None:
        self._timer.stop()
        if not self.model.has_key(self.key):
            return
        value, err = self.model.parse_yaml(self.text_edit.toPlainText())
        self._show_error(err)
        if err is None and value != self.model.value(self.key):
            self.model.set_value(self.key, value, coalesce=True)
