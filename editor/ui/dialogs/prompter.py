"""How the UI asks the user things: the one home of the prompter protocols and the
answers they return.

Widgets never open a dialog directly; they call an injected prompter, so tests pass a
fake with scripted answers (tests/ui/fakes.py) and nothing modal ever blocks. The
protocols are split by need: ``FormPrompter`` is what the front-matter form asks,
``Prompter`` what the window asks (the form's questions included), and
``WorkspacePrompter`` what the site workspace's widgets ask about bulk edits.
``editor.ui.dialogs.dialog_prompter.DialogPrompter`` answers ``Prompter`` with real
dialogs, and ``editor.ui.site.bulk_dialog.WorkspaceDialogPrompter`` ``WorkspacePrompter``.

``TaxonomyPrompter`` is what the taxonomy panel asks; ``WorkspaceDialogPrompter`` answers
it too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from editor.core.post.files import POST_SUFFIXES
from editor.core.site.layout import IMAGE_SUFFIXES

if TYPE_CHECKING:
    from editor.core.bulk.actions import BulkAction, BulkPlan
    from editor.core.site.typed_values import FieldType
    from editor.core.user.recovery import RecoveryOffer

MARKDOWN_FILTER = f"Markdown posts ({' '.join('*' + s for s in POST_SUFFIXES)});;All files (*)"
IMAGE_FILTER = f"Images ({' '.join('*' + s for s in IMAGE_SUFFIXES)});;All files (*)"


class SaveChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class ConflictChoice(Enum):
    OVERWRITE = "overwrite"
    SAVE_AS = "save_as"
    RELOAD = "reload"
    CANCEL = "cancel"


class WriteFailureChoice(Enum):
    RETRY = "retry"
    SAVE_AS = "save_as"
    CANCEL = "cancel"


class RecoveryChoice(Enum):
    RESTORE = "restore"
    DISCARD = "discard"
    LATER = "later"


class FormPrompter(Protocol):
    """The questions of the front-matter form (a key's new name, a new field's type)."""

    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        """A line of text, or None when the user cancelled."""
        ...

    def ask_choice(
        self, title: str, label: str, choices: list[str], default: str = ""
    ) -> str | None:
        """One of choices, or None when the user cancelled."""
        ...


class Prompter(FormPrompter, Protocol):
    """Every question the window asks (the form's included)."""

    def ask_save_changes(self, document_name: str) -> SaveChoice:
        """Save, discard or cancel before closing or replacing a modified post."""
        ...

    def ask_open_path(self, folder: str) -> str | None:
        """A post file to open, or None."""
        ...

    def ask_save_path(self, suggested_path: str) -> str | None:
        """Where to save (the dialog confirms overwriting), or None."""
        ...

    def ask_image_path(self, folder: str) -> str | None:
        """An image (or any file) to insert into the body (Insert > Image…), or None."""
        ...

    def ask_export_path(self, suggested_path: str) -> str | None:
        """Where to write an exported HTML page (the dialog confirms overwriting), or None."""
        ...

    def ask_line_number(self, current: int, maximum: int) -> int | None:
        """A 1-based line number to go to, or None."""
        ...

    def ask_conflict(self, document_name: str, reason: str) -> ConflictChoice:
        """Saving over a file changed on disk: overwrite it, save elsewhere, or cancel."""
        ...

    def ask_write_failure(self, document_name: str, reason: str) -> WriteFailureChoice:
        """Saving failed (reason names why; the file is intact): retry, Save As, or cancel."""
        ...

    def ask_recovery(self, offers: Sequence[RecoveryOffer]) -> dict[str, RecoveryChoice]:
        """After a crash: restore, discard or keep for later, per entry id (missing: later)."""
        ...

    def show_diff(self, title: str, diff_text: str) -> None:
        """Show a unified diff (without blocking the editor)."""
        ...

    def confirm(self, title: str, question: str) -> bool:
        """Yes/no before a destructive step (e.g. revert)."""
        ...

    def show_error(self, title: str, message: str) -> None: ...

    def show_about(self, title: str, text: str) -> None: ...


@dataclass
class BulkRequest:
    """What the form needs to know to ask for a bulk action's parameters."""

    kind: str  # one of editor.ui.site.bulk_dialog.BULK_KINDS
    count: int  # how many posts it will be planned over
    keys: list[str]  # known front-matter keys, most used first
    vocabulary: Callable[[str], list[str]]  # values already used for a key
    key: str = ""  # the key to preselect (e.g. the current column)
    # The type the site gives a key (its values are read in it), or None.
    field_type: Callable[[str], FieldType | None] = lambda _key: None


class WorkspacePrompter(Protocol):
    """Every question the workspace widgets ask."""

    def ask_bulk_action(self, request: BulkRequest) -> BulkAction | None:
        """The bulk action to plan (its parameters asked for), or None."""
        ...

    def confirm_bulk_plan(self, plan: BulkPlan) -> bool:
        """After showing the planned changes with their diffs: write them?"""
        ...

    def confirm(self, title: str, question: str) -> bool: ...

    def inform(self, title: str, message: str) -> None: ...

    def ask_interrupted_bulk(self, message: str) -> str | None:
        """ "undo" (the written part), "finish" (the rest), or None to decide later."""
        ...

    def ask_cancelled_bulk(self, message: str) -> str | None:
        """A bulk write was cancelled part-way: "undo" (the written part), "finish" (the
        rest), or None to leave it as it is (the written part stays undoable)."""
        ...


class TaxonomyPrompter(Protocol):
    """What the taxonomy panel asks: a new name or the values to split into (text), the
    value to merge into (a choice), a yes/no before a delete, then the plan's review."""

    def ask_text(self, title: str, label: str, default: str = "") -> str | None: ...

    def ask_choice(
        self, title: str, label: str, choices: list[str], default: str = ""
    ) -> str | None: ...

    def confirm(self, title: str, question: str) -> bool: ...

    def confirm_bulk_plan(self, plan: BulkPlan) -> bool: ...

    def inform(self, title: str, message: str) -> None: ...
