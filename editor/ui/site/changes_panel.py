"""ChangesPanel: the site's changed posts, their diffs, and Commit, Publish and Discard.

Every post that differs from git's last commit is listed with its state and a checkbox.
Selecting one shows its change field by field ("title: old → new") and then its body
diff. The message box is filled from what the checked posts changed until the user types
in it. Commit takes exactly the checked posts; Publish commits them, pulls with rebase
and pushes; Discard puts the selected post back as it was in the last commit, after
asking. After a bulk edit the panel offers to commit exactly that edit's files. The git
work runs in ``GitSession``; this widget only shows and asks.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor.core.vcs.report import PostChange
from editor.session.git_session import GitSession
from editor.ui.dialogs.prompter import Prompter

PathRole = Qt.ItemDataRole.UserRole + 1


class ChangesPanel(QWidget):
    """The Changes tab; see the module docstring."""

    post_activated = Signal(str)

    def __init__(self, git: GitSession, prompter: Prompter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.git = git
        self._prompter = prompter
        self._message_edited = False
        self._filling_message = False
        self._offer: list[str] = []

        self.summary = QLabel()
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(git.refresh)
        self.all_box = QCheckBox("All")
        self.all_box.setTristate(False)
        self.all_box.clicked.connect(self._check_all)
        top = QHBoxLayout()
        top.addWidget(self.all_box)
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)

        self.offer_label = QLabel()
        self.offer_label.setWordWrap(True)
        self.offer_button = QPushButton("Commit them")
        self.offer_button.clicked.connect(self._commit_offer)
        self.offer_row = QWidget()
        offer = QHBoxLayout(self.offer_row)
        offer.setContentsMargins(0, 0, 0, 0)
        offer.addWidget(self.offer_label, 1)
        offer.addWidget(self.offer_button)
        self.offer_row.hide()

        self.list = QListWidget()
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.list.itemDoubleClicked.connect(
            lambda item: self.post_activated.emit(item.data(PathRole))
        )
        self.diff_view = QPlainTextEdit()
        self.diff_view.setReadOnly(True)
        self.diff_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.diff_view.setPlaceholderText("Select a post to see what changed in it.")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(self.diff_view)

        self.message_edit = QLineEdit()
        self.message_edit.setPlaceholderText("Commit message")
        self.message_edit.textEdited.connect(self._on_message_typed)
        self.commit_button = QPushButton("Commit")
        self.commit_button.setToolTip("Commit the checked posts (Ctrl+Return)")
        self.commit_button.clicked.connect(self.commit_checked)
        self.publish_button = QPushButton("Publish")
        self.publish_button.setToolTip("Commit the checked posts, pull the site's news, push")
        self.publish_button.clicked.connect(self.publish_checked)
        self.discard_button = QPushButton("Discard…")
        self.discard_button.setToolTip("Put the selected post back as it was in the last commit")
        self.discard_button.clicked.connect(self.discard_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.commit_button)
        buttons.addWidget(self.publish_button)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.offer_row)
        layout.addWidget(split, 1)
        layout.addWidget(self.message_edit)
        layout.addLayout(buttons)
        layout.addWidget(self.result_label)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.commit_checked)

        git.bulk_commit_offered.connect(self.offer_commit_of)
        git.changes_changed.connect(self._show_changes)
        git.diff_ready.connect(self._show_diff)
        git.message_ready.connect(self._fill_message)
        git.acting_changed.connect(self._update_buttons)
        git.action_done.connect(self._told)
        git.action_failed.connect(lambda message: self._told(message, failed=True))
        self._show_changes()

    # ---- what the user does ------------------------------------------------------------

    def checked_paths(self) -> list[str]:
        return [
            self.list.item(i).data(PathRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, paths: list[str]) -> None:
        wanted = set(paths)
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            state = (
                Qt.CheckState.Checked if item.data(PathRole) in wanted else Qt.CheckState.Unchecked
            )
            item.setCheckState(state)
        self.list.blockSignals(False)
        self._after_check_change()

    def commit_checked(self) -> None:
        paths, message = self.checked_paths(), self.message_edit.text().strip()
        if self._ready_to_act(paths, message):
            self.git.commit(paths, message)

    def publish_checked(self) -> None:
        paths, message = self.checked_paths(), self.message_edit.text().strip()
        if paths and not message:
            self._told("Write a commit message first.", failed=True)
            return
        if not self.git.acting:
            self.git.publish(paths, message)

    def discard_selected(self) -> None:
        item = self.list.currentItem()
        if item is None or self.git.acting:
            return
        path = item.data(PathRole)
        name = os.path.basename(path)
        if self._prompter.confirm(
            "Discard changes",
            f"Put “{name}” back as it was in the last commit? Its changes since then are lost.",
        ):
            self.git.discard(path)

    def offer_commit_of(self, description: str, paths: list[str]) -> None:
        """After a bulk edit: offer to commit exactly its files."""
        self._offer = list(paths)
        count = len(paths)
        self.offer_label.setText(
            f"{description} changed {count} post{'s' if count != 1 else ''}. Commit exactly those?"
        )
        self.offer_row.show()

    # ---- reactions ---------------------------------------------------------------------

    def _ready_to_act(self, paths: list[str], message: str) -> bool:
        if self.git.acting:
            return False
        if not paths:
            self._told("Check the posts to commit first.", failed=True)
            return False
        if not message:
            self._told("Write a commit message first.", failed=True)
            return False
        return True

    def _commit_offer(self) -> None:
        paths, self._offer = self._offer, []
        self.offer_row.hide()
        self.set_checked(paths)
        self._message_edited = False
        self.git.request_message(paths)
        self.commit_checked()

    def _check_all(self, checked: bool) -> None:
        every = [self.list.item(i).data(PathRole) for i in range(self.list.count())]
        self.set_checked(every if checked else [])

    def _show_changes(self) -> None:
        checked = set(self.checked_paths())
        current = self.list.currentItem().data(PathRole) if self.list.currentItem() else None
        self.list.blockSignals(True)
        self.list.clear()
        for change in self.git.changes:
            path = os.fspath(change.path)
            item = QListWidgetItem(f"{change.rel}  ({change.state.value})")
            item.setData(PathRole, path)
            item.setToolTip(change.diff.title or change.rel)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if path in checked else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
            if path == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        count = self.list.count()
        self.summary.setText(
            f"{count} changed post{'s' if count != 1 else ''}" if count else "No changes"
        )
        if self.list.currentItem() is None:
            self.diff_view.clear()
        else:
            self.git.request_diff(self.list.currentItem().data(PathRole))
        self._after_check_change()

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        self._after_check_change()

    def _after_check_change(self) -> None:
        checked = self.checked_paths()
        self.all_box.setChecked(bool(checked) and len(checked) == self.list.count())
        if not self._message_edited:
            self.git.request_message(checked)
        self._update_buttons()

    def _on_current_changed(self, item: QListWidgetItem | None, _previous) -> None:
        if item is None:
            self.diff_view.clear()
            return
        self.git.request_diff(item.data(PathRole))

    def _show_diff(self, path: str, change: PostChange) -> None:
        item = self.list.currentItem()
        if item is not None and item.data(PathRole) == path:
            lines = change.diff.lines()
            self.diff_view.setPlainText("\n".join(lines) if lines else "(no change in the text)")

    def _fill_message(self, text: str) -> None:
        if not self._message_edited:
            self._filling_message = True
            self.message_edit.setText(text)
            self._filling_message = False

    def _on_message_typed(self, text: str) -> None:
        self._message_edited = bool(text.strip())

    def _update_buttons(self, *_args) -> None:
        idle = not self.git.acting
        has_checked = bool(self.checked_paths())
        self.commit_button.setEnabled(idle and has_checked)
        self.publish_button.setEnabled(idle)
        self.discard_button.setEnabled(idle and self.list.currentItem() is not None)
        self.refresh_button.setEnabled(idle)

    def _told(self, message: str, failed: bool = False) -> None:
        self.result_label.setStyleSheet("color: #b3261e;" if failed else "")
        self.result_label.setText(message)
        if not failed:
            self._message_edited = False
            self.message_edit.clear()
