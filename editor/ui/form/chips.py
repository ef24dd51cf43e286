"""ChipListField: a list of scalars shown as removable chips, plus an add box.

Each item is a small label with a × button; the add box completes from
``model.suggestions(key)`` and adds on Enter. Every add or remove writes the whole list
back through the model, which keeps the list's own style (flow ``[a, b]`` or block).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from editor.session.frontmatter_model import FrontMatterModel
from editor.ui.form.base import FieldEditor
from editor.ui.form.fields import _single_child_layout


class FlowLayout(QLayout):
    """Lays items left to right and wraps to a new line when the width runs out."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def insertWidget(self, index: int, widget: QWidget) -> None:
        self.addWidget(widget)  # appended by addChildWidget -> addItem
        self._items.insert(index, self._items.pop())
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line_height > 0:
                x = area.x()
                y += line_height + self._spacing
                line_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


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
        self.chip_area = QWidget()
        self.chip_area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.flow = FlowLayout(self.chip_area)
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
        self.completer.activated.connect(lambda _text: self._add_from_box())
        self.flow.addWidget(self.add_box)
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
                self.flow.removeWidget(chip)
                chip.deleteLater()
            self.chips = []
            for index, text in enumerate(texts):
                chip = Chip(text)
                chip.remove_requested.connect(lambda i=index: self.remove_at(i))
                self.flow.insertWidget(index, chip)
                self.chips.append(chip)
            self.chip_area.updateGeometry()
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

    def _add_from_box(self) -> None:
        if self.add(self.add_box.text()):
            self.add_box.clear()
            self.add_box.setFocus()
