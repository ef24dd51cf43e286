"""The restore offer after a crash, a diff viewer, and ``offer_recovery`` which runs both.

``RecoveryDialog`` lists the recovered documents of a crashed session; for the selected
one it shows the status ("unsaved edits", "new post, never saved", ...) and a unified
diff from the file on disk to the recovered text, and lets the user pick Restore,
Discard or Later per entry. ``offer_recovery(window)`` is the start-up step: it claims
orphaned entries, asks through the window's prompter, restores into the window (and
into further windows from ``open_window``), discards, or leaves entries for next time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from PySide6.QtGui import QColor, QFontDatabase, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QRadioButton,
    QSplitter,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from editor.core.user.recovery import RecoveryEntry, RecoveryOffer, RecoverySession, offer_for
from editor.session.autosave import Autosaver
from editor.session.document import Document
from editor.ui.dialogs.prompter import Prompter, RecoveryChoice


class RecoveryTarget(Protocol):
    """A window that recovered edits can be restored into (the main window)."""

    autosaver: Autosaver
    document: Document
    prompter: Prompter
    status: QStatusBar

    def restore_recovered(self, entry: RecoveryEntry, session: RecoverySession) -> bool:
        """Open the entry's edits here, unsaved; False if they could not be read."""
        ...


CHOICE_LABELS = {
    RecoveryChoice.RESTORE: "Restore",
    RecoveryChoice.DISCARD: "Discard",
    RecoveryChoice.LATER: "Later",
}


class DiffHighlighter(QSyntaxHighlighter):
    """Colours unified-diff lines: additions green, removals red, hunk headers blue."""

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt override)
        colour = None
        if text.startswith(("+++", "---")):
            colour = "#777777"
        elif text.startswith("+"):
            colour = "#1a7f37"
        elif text.startswith("-"):
            colour = "#c62828"
        elif text.startswith("@@"):
            colour = "#1f5fbf"
        if colour:
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(colour))
            self.setFormat(0, len(text), fmt)


def diff_view(text: str = "") -> QPlainTextEdit:
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    view.highlighter = DiffHighlighter(view.document())
    view.setPlainText(text)
    return view


class DiffDialog(QDialog):
    """A read-only, highlighted unified diff."""

    def __init__(self, title: str, diff_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.view = diff_view(diff_text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(820, 560)


class RecoveryDialog(QDialog):
    """Restore / Discard / Later for each recovered document, with its diff."""

    def __init__(self, offers: Sequence[RecoveryOffer], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved work")
        self.offers = list(offers)
        self._choices = {o.entry.entry_id: RecoveryChoice.RESTORE for o in self.offers}
        intro = QLabel(
            "Masthead did not close normally last time. These unsaved edits were kept. "
            "Restored posts open with the recovered text, unsaved: you save them yourself."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        for offer in self.offers:
            entry = offer.entry
            where = str(entry.original_path) if entry.original_path else "new post"
            self.list.addItem(f"{entry.display_name}\n{where}\n{entry.saved_at_text()}")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.diff = diff_view()
        self.group = QButtonGroup(self)
        choice_row = QHBoxLayout()
        choice_row.addWidget(QLabel("For this post:"))
        self.radios: dict[RecoveryChoice, QRadioButton] = {}
        for choice, label in CHOICE_LABELS.items():
            radio = QRadioButton(label)
            self.group.addButton(radio)
            self.radios[choice] = radio
            radio.toggled.connect(lambda on, c=choice: on and self._set_choice(c))
            choice_row.addWidget(radio)
        choice_row.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.status)
        right_layout.addLayout(choice_row)
        right_layout.addWidget(self.diff, 1)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([260, 640])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Apply choices")
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show_offer)
        self.list.setCurrentRow(0)
        self.resize(960, 600)

    def choices(self) -> dict[str, RecoveryChoice]:
        """The choice per entry id; a dialog closed without Apply keeps everything for later."""
        if self.result() != QDialog.DialogCode.Accepted:
            return {entry_id: RecoveryChoice.LATER for entry_id in self._choices}
        return dict(self._choices)

    def set_choice(self, row: int, choice: RecoveryChoice) -> None:
        self.list.setCurrentRow(row)
        self.radios[choice].setChecked(True)

    def _show_offer(self, row: int) -> None:
        if not 0 <= row < len(self.offers):
            return
        offer = self.offers[row]
        self.status.setText(f"<b>{offer.entry.display_name}</b>: {offer.status}")
        self.diff.setPlainText(offer.diff)
        self.radios[self._choices[offer.entry.entry_id]].setChecked(True)

    def _set_choice(self, choice: RecoveryChoice) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.offers):
            self._choices[self.offers[row].entry.entry_id] = choice
            item = self.list.item(row)
            first_line = item.text().split("\n")[0].split(" — ")[0]
            rest = item.text().split("\n")[1:]
            item.setText("\n".join([f"{first_line} — {CHOICE_LABELS[choice]}", *rest]))


Target = TypeVar("Target", bound=RecoveryTarget)


def offer_recovery(
    window: Target,
    session: RecoverySession | None = None,
    open_window: Callable[[], Target] | None = None,
) -> list[Target]:
    """Offer a crashed session's unsaved edits; returns the windows that got a restore.

    The first restore goes into ``window`` when its post has no unsaved edits; each
    further one into a window from ``open_window()``, or stays for the next start.
    """
    session = session or window.autosaver.session
    if session is None:
        return []
    offers = [offer_for(entry) for entry in session.claim_orphans()]
    if not offers:
        session.release_orphans()
        return []
    choices = window.prompter.ask_recovery(offers)
    restored: list[Target] = []
    left = 0
    for offer in offers:
        choice = choices.get(offer.entry.entry_id, RecoveryChoice.LATER)
        if choice is RecoveryChoice.DISCARD:
            session.discard(offer.entry)
            continue
        if choice is RecoveryChoice.LATER:
            left += 1
            continue
        target = window if not restored and not window.document.dirty else None
        if target is None and open_window is not None:
            target = open_window()
        if target is None or not target.restore_recovered(offer.entry, session):
            left += 1
            continue
        restored.append(target)
    session.release_orphans()
    if left:
        window.status.showMessage(
            f"{left} recovered post(s) kept for later: they will be offered at the next start",
            10000,
        )
    return restored
