"""Dialogs for bulk metadata edits, and the workspace prompter that opens them.

``BulkActionForm`` asks for an action's parameters (which key, which value...).
``BulkDialog`` shows a ``BulkPlan`` for review: the files that would change with their
unified diffs (coloured), the unchanged count and per-file errors; it writes nothing
itself. ``WorkspaceDialogPrompter`` answers the workspace widgets' questions
(``editor.ui.dialogs.prompter.WorkspacePrompter``) with these dialogs.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor.core.bulk import actions as bulk
from editor.core.site.layout import shown_path
from editor.core.site.typed_values import box_kind, chosen_type, read_value
from editor.core.values.kinds import VALUE_KINDS
from editor.ui.dialogs.prompter import BulkRequest

BULK_KINDS = {
    "set": "Set field…",
    "add": "Add list value…",
    "remove": "Remove list value…",
    "rename": "Rename key…",
    "delete": "Delete key…",
    "replace": "Find and replace in field…",
}


class WorkspaceDialogPrompter:
    """The real workspace prompter: modal dialogs parented to ``parent``."""

    def __init__(self, parent: QWidget | None = None):
        self._parent = parent

    def ask_bulk_action(self, request: BulkRequest) -> bulk.BulkAction | None:
        form = BulkActionForm(request, self._parent)
        return form.action() if form.exec() == QDialog.DialogCode.Accepted else None

    def confirm_bulk_plan(self, plan: bulk.BulkPlan) -> bool:
        return BulkDialog(plan, self._parent).exec() == QDialog.DialogCode.Accepted

    def confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self._parent, title, question)
        return answer == QMessageBox.StandardButton.Yes

    def inform(self, title: str, message: str) -> None:
        QMessageBox.information(self._parent, title, message)

    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        """A line of text (the taxonomy panel's new names), or None when cancelled."""
        text, ok = QInputDialog.getText(
            self._parent, title, label, QLineEdit.EchoMode.Normal, default
        )
        return text if ok else None

    def ask_choice(
        self, title: str, label: str, choices: list[str], default: str = ""
    ) -> str | None:
        """One of ``choices`` (the value a merge keeps), or None when cancelled."""
        current = choices.index(default) if default in choices else 0
        item, ok = QInputDialog.getItem(self._parent, title, label, choices, current, False)
        return item if ok else None

    def ask_interrupted_bulk(self, message: str) -> str | None:
        return self._undo_or_finish("Interrupted bulk edit", message, "Later")

    def ask_cancelled_bulk(self, message: str) -> str | None:
        return self._undo_or_finish("Bulk edit cancelled", message, "Leave it")

    def _undo_or_finish(self, title: str, message: str, later: str) -> str | None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message)
        box.setParent(self._parent, box.windowFlags())
        box.setInformativeText(
            "Undo puts back the files it wrote; Finish writes the ones it had not reached. "
            "Files changed since are left as they are either way."
        )
        undo = box.addButton("Undo the written part", QMessageBox.ButtonRole.DestructiveRole)
        finish = box.addButton("Finish the rest", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(later, QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        if clicked is undo:
            return "undo"
        if clicked is finish:
            return "finish"
        return None


class BulkActionForm(QDialog):
    """Asks for the parameters of one kind of bulk action; ``action()`` builds it."""

    def __init__(self, request: BulkRequest, parent: QWidget | None = None):
        super().__init__(parent)
        self._request = request
        self._action: bulk.BulkAction | None = None
        self.setWindowTitle(BULK_KINDS[request.kind].rstrip("…") + f" — {request.count} posts")
        form = QFormLayout()

        self.key_box = QComboBox()
        self.key_box.setEditable(True)
        self.key_box.addItems(request.keys)
        self.key_box.setCurrentText(request.key or (request.keys[0] if request.keys else ""))
        form.addRow("Key:", self.key_box)

        self._value_model = QStringListModel()
        completer = QCompleter(self._value_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.value_edit = QLineEdit()
        self.value_edit.setCompleter(completer)
        self.kind_box = QComboBox()
        self.kind_box.addItems(list(VALUE_KINDS))
        self.new_key_edit = QLineEdit()
        self.find_edit = QLineEdit()
        self.replace_edit = QLineEdit()
        self.regex_box = QCheckBox("Regular expression")
        self.ignore_case_box = QCheckBox("Ignore case")

        kind = request.kind
        if kind in ("set", "add", "remove"):
            form.addRow("Value:", self.value_edit)
        if kind == "set":
            form.addRow("Type:", self.kind_box)
        if kind == "rename":
            form.addRow("New key:", self.new_key_edit)
        if kind == "replace":
            form.addRow("Find:", self.find_edit)
            form.addRow("Replace with:", self.replace_edit)
            form.addRow("", self.regex_box)
            form.addRow("", self.ignore_case_box)

        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b3261e")
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Preview changes…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.key_box.currentTextChanged.connect(self._refresh_vocabulary)
        self._refresh_vocabulary(self.key_box.currentText())

    def _refresh_vocabulary(self, key: str) -> None:
        self._value_model.setStringList(self._request.vocabulary(key) if key else [])
        # The type starts as the site's type of the field (a boolean field: bool).
        self.kind_box.setCurrentText(box_kind(self._request.field_type(key) if key else None))

    def build_action(self) -> bulk.BulkAction:
        """The action the fields describe; raises ValueError with a reason for the user."""
        key = self.key_box.currentText().strip()
        if not key:
            raise ValueError("Choose a key.")
        kind = self._request.kind
        value = self.value_edit.text()
        if kind == "set":
            field = chosen_type(key, self.kind_box.currentText())
            return bulk.SetField(key, read_value(value, key, field, "form"))
        if kind in ("add", "remove"):
            if not value.strip():
                raise ValueError("Enter a value.")
            cls = bulk.AddListValue if kind == "add" else bulk.RemoveListValue
            return cls(key, value.strip())
        if kind == "rename":
            new = self.new_key_edit.text().strip()
            if not new or new == key:
                raise ValueError("Enter a different new key.")
            return bulk.RenameKey(key, new)
        if kind == "delete":
            return bulk.DeleteKey(key)
        if kind == "replace":
            if not self.find_edit.text():
                raise ValueError("Enter the text to find.")
            action = bulk.ReplaceInField(
                key,
                self.find_edit.text(),
                self.replace_edit.text(),
                regex=self.regex_box.isChecked(),
                ignore_case=self.ignore_case_box.isChecked(),
            )
            try:
                action.pattern()
            except re.error as exc:
                raise ValueError(f"The regular expression is not valid: {exc}") from exc
            return action
        raise ValueError(f"unknown bulk action {kind!r}")

    def accept(self) -> None:
        try:
            self._action = self.build_action()
        except ValueError as exc:
            self.error_label.setText(str(exc))
            return
        super().accept()

    def action(self) -> bulk.BulkAction | None:
        return self._action


class DiffHighlighter(QSyntaxHighlighter):
    """Colours a unified diff: additions green, removals red, hunk headers blue."""

    def __init__(self, document):
        super().__init__(document)
        self._added = self._format("#1a7f37", "#e6ffec")
        self._removed = self._format("#b3261e", "#ffebe9")
        self._hunk = self._format("#0550ae", None)
        self._header = self._format("#57606a", None, bold=True)

    @staticmethod
    def _format(fg: str, bg: str | None, bold: bool = False) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setForeground(QColor(fg))
        if bg:
            fmt.setBackground(QColor(bg))
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        return fmt

    def highlightBlock(self, text: str) -> None:
        if text.startswith(("+++", "---")):
            fmt = self._header
        elif text.startswith("+"):
            fmt = self._added
        elif text.startswith("-"):
            fmt = self._removed
        elif text.startswith("@@"):
            fmt = self._hunk
        else:
            return
        self.setFormat(0, len(text), fmt)


PathRole = Qt.ItemDataRole.UserRole + 1
LINK_MARK = "🔗 link: "


def link_mark(link: str | None) -> str:
    """The prefix that marks a file which is a symlink in the review list."""
    return LINK_MARK if link else ""


def link_note(link: str | None) -> str:
    return f"\n(a link to {link})" if link else ""


class BulkDialog(QDialog):
    """Review a bulk plan: file list on the left, its diff on the right; writes nothing."""

    def __init__(self, plan: bulk.BulkPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Review bulk edit")
        self.resize(1000, 640)
        changes = len(plan.changes)
        summary = (
            f"<b>{plan.describe()}</b><br>{changes} file(s) will change, "
            f"{len(plan.unchanged)} unchanged, {len(plan.errors)} with errors."
        )
        if plan.cancelled:
            summary += " Planning was cancelled: only the files listed were checked."
        self.summary_label = QLabel(summary)
        self.summary_label.setWordWrap(True)

        self.file_list = QListWidget()
        for change in plan.changes:
            text = f"{change.name}   +{change.added_lines} −{change.removed_lines}"
            item = QListWidgetItem(link_mark(change.link) + text)
            item.setData(PathRole, change)
            item.setToolTip(str(change.path) + link_note(change.link))
            self.file_list.addItem(item)
        for issue in plan.errors:
            shown = shown_path(issue.path, plan.root)
            item = QListWidgetItem(f"⚠ {link_mark(issue.link)}{shown}: {issue.message}")
            item.setForeground(QColor("#b3261e"))
            item.setData(PathRole, issue)
            item.setToolTip(f"{issue.path}{link_note(issue.link)}\n{issue.message}")
            self.file_list.addItem(item)

        self.diff_view = QPlainTextEdit()
        self.diff_view.setReadOnly(True)
        self.diff_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.diff_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._highlighter = DiffHighlighter(self.diff_view.document())

        splitter = QSplitter()
        splitter.addWidget(self.file_list)
        splitter.addWidget(self.diff_view)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 700])

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.write_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.write_button.setText(f"Write {changes} file(s)")
        self.write_button.setEnabled(changes > 0)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

        self.file_list.currentItemChanged.connect(self._show_item)
        if self.file_list.count():
            self.file_list.setCurrentRow(0)

    def _show_item(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            self.diff_view.clear()
            return
        entry = item.data(PathRole)
        if isinstance(entry, bulk.FileChange):
            note = link_note(entry.link).strip()
            self.diff_view.setPlainText(f"{note}\n\n{entry.diff}" if note else entry.diff)
        else:
            where = f"{entry.path}{link_note(entry.link)}"
            self.diff_view.setPlainText(f"{where}\n\nNot changed: {entry.message}")
