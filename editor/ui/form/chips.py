"""ChipListField: a list of scalars shown as removable chips, plus an add box.

Each item is a small label with a × button; the add box completes from
``model.suggestions(key)`` and adds on Enter. Every add or remove writes the whole list
back through the model, which keeps the list's own style (flow ``[a, b]`` or block).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from editor.session.frontmatter_model import FrontMatterModel
from editor.ui.form.base import FieldEditor
from editor.ui.form.fields import _single_child_layout


class FlowArea(QWidget):
    """Places its child widgets left to right and wraps to a new line when the width runs out.

    A plain widget rather than a QLayout subclass: Qt calls a layout's ``itemAt`` until it
    returns null, and PySide6 (6.12, Python 3.11) drops a reference to ``None`` each time a
    Python override returns it, which eventually crashes the interpreter.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 4):
        super().__init__(parent)
        self._widgets: list[QWidget] = []
        self._spacing = spacing
        # Height follows width through setMinimumHeight rather than heightForWidth: a
        # QGridLayout caches height-for-width rows and then squeezes its other rows.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def insert_widget(self, index: int, widget: QWidget) -> None:
        widget.setParent(self)
        self._widgets.insert(index, widget)
        widget.show()
        self._relayout()

    def add_widget(self, widget: QWidget) -> None:
        self.insert_widget(len(self._widgets), widget)

    def remove_widget(self, widget: QWidget) -> None:
        self._widgets.remove(widget)
        widget.hide()
        widget.setParent(None)
        self._relayout()

    def height_for_width(self, width: int) -> int:
        return self._arrange(width, move=False)

    def sizeHint(self) -> QSize:
        width = sum(w.sizeHint().width() + self._spacing for w in self._widgets)
        return QSize(max(width, 1), self.minimumHeight())

    def minimumSizeHint(self) -> QSize:
        size = QSize(0, 0)
        for widget in self._widgets:
            size = size.expandedTo(widget.minimumSizeHint()).expandedTo(widget.minimumSize())
        return QSize(size.width(), self.minimumHeight())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout()

    def _relayout(self) -> None:
        width = self.width() if self.width() > 1 else self.sizeHint().width()
        height = self._arrange(width, move=True)
        if height != self.minimumHeight():
            self.setMinimumHeight(height)
            self.updateGeometry()

    def _arrange(self, width: int, move: bool) -> int:
        x = y = line_height = 0
        for widget in self._widgets:
            hint = widget.sizeHint()
            if x + hint.width() > width and line_height > 0:
                x = 0
                y += line_height + self._spacing
                line_height = 0
            if move:
                widget.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height


class Chip(QFrame):
    """One list item: its text and a × that asks for its removal."""

    remove_requested = Signal()

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chip")
        self.setStyleSheet(
            "#chip { border: 1px solid palette(mid); border-radius: 9px;"
            " background: palette(alternate-base); }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2, 1)
        layout.setSpacing(2)
        self.label = QLabel(text)
        self.label.setToolTip(text)
        self.remove_button = QToolButton()
        self.remove_button.setText("×")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setToolTip(f"Remove “{text}”")
        self.remove_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.remove_button.clicked.connect(self.remove_requested)
        layout.addWidget(self.label)
        layout.addWidget(self.remove_button)

    def text(self) -> str:
        return self.label.text()


class ChipListField(FieldEditor):
    """A list of scalars as chips; Enter in the add box adds, × removes."""

    def __init__(self, model: FrontMatterModel, key: str, parent: QWidget | None = None):
        super().__init__(model, key, parent)
        self.chip_area = FlowArea()
        self.add_box = QLineEdit()
        self.add_box.setPlaceholderText("add…")
        self.add_box.setMinimumWidth(120)
        self.add_box.setMaximumWidth(220)
        self._completions = QStringListModel(self)
        self.completer = QCompleter(self._completions, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.add_box.setCompleter(self.completer)
        self.add_box.returnPressed.connect(self._add_from_box)
        # The line edit puts the completion into the box after this slot runs: the chosen
        # text is added, and the box is emptied once the line edit is done with it.
        self.completer.activated.connect(self._add_completion)
        self.chip_area.add_widget(self.add_box)
        _single_child_layout(self).addWidget(self.chip_area)
        self.chips: list[Chip] = []
        self.setFocusProxy(self.add_box)
        self.refresh()

    def items(self) -> list:
        value = self.model.value(self.key)
        return list(value) if isinstance(value, list) else []

    def refresh(self) -> None:
        texts = [str(item) for item in self.items()]
        if [chip.text() for chip in self.chips] != texts:
            for chip in self.chips:
                self.chip_area.remove_widget(chip)
                chip.deleteLater()
            self.chips = []
            for index, text in enumerate(texts):
                chip = Chip(text)
                chip.remove_requested.connect(lambda i=index: self.remove_at(i))
                self.chip_area.insert_widget(index, chip)
                self.chips.append(chip)
        self._update_completions()

    def _update_completions(self) -> None:
        present = {str(item) for item in self.items()}
        self._completions.setStringList(
            [s for s in self.model.suggestions(self.key) if s not in present]
        )

    def add(self, text: str) -> bool:
        """Append ``text`` (typed like the list's other items); False if empty or present."""
        text = text.strip()
        items = self.items()
        if not text or text in {str(item) for item in items}:
            return False
        self.model.set_value(self.key, [*items, self._typed_like(items, text)])
        return True

    def remove_at(self, index: int) -> None:
        items = self.items()
        if 0 <= index < len(items):
            del items[index]
            self.model.set_value(self.key, items)

    @staticmethod
    def _typed_like(items: list, text: str):
        """Numbers stay numbers in a list of numbers; everything else is text."""
        if items and all(isinstance(i, int) and not isinstance(i, bool) for i in items):
            try:
                return int(text)
            except ValueError:
                return text
        return text

    def _add_completion(self, text: str) -> None:
        self.add(text)
        self.add_box.clear()
        QTimer.singleShot(0, self.add_box.clear)
        self.add_box.setFocus()

    def _add_from_box(self) -> None:
        popup = self.completer.popup()
        if popup.isVisible() and popup.currentIndex().isValid():
            return  # Enter on a highlighted completion: its activation adds that one
        if self.add(self.add_box.text()):
            self.add_box.clear()
            self.add_box.setFocus()
