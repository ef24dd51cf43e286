"""NoticeBar: a non-modal message strip across the top of the editor, with action buttons.

Used for things the user should see but need not answer at once: the file changed on
disk behind unsaved edits, the file was deleted or moved, the front matter does not
parse. The window decides what to say and which buttons to offer; the bar only shows
them. Each notice has a kind, so a later notice of the same kind replaces it and
``clear(kind)`` removes only that one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

LEVEL_COLOURS = {
    "warning": ("#fff4ce", "#5c4400", "#e0c060"),
    "error": ("#fde7e9", "#6b0010", "#e08a94"),
    "info": ("#e5f1fb", "#0b3a5d", "#8ab8df"),
}


class NoticeBar(QFrame):
    """Shows one notice at a time: a message, buttons, and a close button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoticeBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.kind = ""
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._buttons: list[QPushButton] = []
        self._close = QToolButton()
        self._close.setText("×")
        self._close.setAutoRaise(True)
        self._close.setToolTip("Hide this message")
        self._close.clicked.connect(self.dismiss)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 4, 4)
        self._layout.addWidget(self._label, 1)
        self._layout.addWidget(self._close)
        self.hide()

    def show_notice(
        self,
        kind: str,
        message: str,
        actions: Sequence[tuple[str, Callable[[], object]]] = (),
        level: str = "warning",
        closable: bool = True,
    ) -> None:
        """Show message with one button per (label, callback); replaces the current notice."""
        for button in self._buttons:
            self._layout.removeWidget(button)
            button.deleteLater()
        self._buttons = []
        self.kind = kind
        self._label.setText(message)
        for index, (label, callback) in enumerate(actions):
            button = QPushButton(label)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, run=callback: run())
            self._layout.insertWidget(1 + index, button)
            self._buttons.append(button)
        self._close.setVisible(closable)
        background, text, border = LEVEL_COLOURS.get(level, LEVEL_COLOURS["warning"])
        self.setStyleSheet(
            f"QFrame#NoticeBar {{ background: {background}; border: 1px solid {border}; }}"
            f"QFrame#NoticeBar QLabel {{ color: {text}; }}"
        )
        self.show()

    def clear(self, kind: str | None = None) -> None:
        """Hide the notice (only if it is of kind, when kind is given)."""
        if kind is None or kind == self.kind:
            self.dismiss()

    def dismiss(self) -> None:
        self.kind = ""
        self.hide()

    # ---- queries (for tests and the window) ----

    def message(self) -> str:
        return self._label.text() if self.isVisibleTo(self.parentWidget() or self) else ""

    def button_labels(self) -> list[str]:
        return [button.text() for button in self._buttons]

    def click(self, label: str) -> None:
        """Press the button labelled label (as a user would)."""
        for button in self._buttons:
            if button.text() == label:
                button.click()
                return
        raise KeyError(label)
