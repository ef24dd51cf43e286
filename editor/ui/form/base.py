"""FieldEditor: the common shape of every per-key editor in the front-matter form.

Each editor shows one key of a FrontMatterModel, writes user edits back through the
model, and on ``refresh()`` re-reads the model without disturbing an edit in progress.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from editor.session.frontmatter_model import FrontMatterModel

# Text edits commit after this pause in typing (and at once on editingFinished), so the
# document turns dirty and the preview follows without one undo step per keystroke.
COMMIT_DELAY_MS = 350


class FieldEditor(QWidget):
    """One key's editor. Subclasses implement ``refresh`` and, if they buffer, ``flush``."""

    def __init__(self, model: FrontMatterModel, key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.key = key
        self._updating = False  # True while showing a model value: ignore our own signals

    def refresh(self) -> None:
        """Show the model's current value for ``key``."""
        raise NotImplementedError

    def flush(self) -> None:
        """Commit anything typed but not yet written to the model."""

    def focus_editor(self) -> None:
        self.setFocus()

    def make_commit_timer(self, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(COMMIT_DELAY_MS)
        timer.timeout.connect(slot)
        return timer
