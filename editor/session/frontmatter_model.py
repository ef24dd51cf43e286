"""FrontMatterModel: the editable, undoable view of one post's front matter.

Owns every front-matter edit made from the UI (form rows, chips, the raw text view) and
their undo history. It never holds its own copy of the data: each read asks the current
``Post`` and each edit goes through ``Post.set`` / ``delete`` / ``rename`` /
``set_front_matter_text``, so a save changes only what the user changed.

Wiring, for the document that owns the post::

    model = FrontMatterModel(lambda: document.post, site_root=folder)
    ...
    document.post = Post.load(path)   # reload / revert replaced the Post
    model.reset()                     # forget undo history, tell views to rebuild

Undo works on snapshots of ``post.front_matter_text`` taken around each edit, so undoing
restores the exact previous text (quotes, comments, spacing) and never touches the body.

Signals: ``changed(key)`` after one key's value changed, ``structure_changed()`` after keys
were added, removed, renamed or the raw text was replaced, ``error(PostError)`` when an
edit was refused, ``post_edited()`` after any change to the post (dirty flag, preview).
Thumbnails for image fields are loaded here (local files, and remote URLs only when
remote content is allowed) so widgets do no I/O; see ``request_thumbnail``.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QImage, QImageReader, QUndoCommand, QUndoStack

from editor.core.errors import PostError
from editor.core.post.formats.yaml_load import load_value
from editor.core.post.model import Post
from editor.core.site import layout
from editor.core.site.confinement import resolve_site_file
from editor.core.values import dates

if TYPE_CHECKING:
    from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply

REMOTE_BLOCKED_NOTE = "remote image — View ▸ Allow Remote Images shows it"

# Value kinds a new field can be created with, and the value it starts with.
NEW_FIELD_TYPES: dict[str, Callable[[], Any]] = {
    "text": lambda: "",
    "yes/no": lambda: False,
    "whole number": lambda: 0,
    "decimal number": lambda: 0.0,
    "date and time": lambda: dt.datetime.now().replace(microsecond=0),
    "date": lambda: dt.date.today(),
    "list": lambda: [],
    "map": lambda: {},
}


@dataclass(frozen=True)
class ImageLocation:
    """Where an image field points: ``kind`` is "remote", "local", "missing", "outside"
    (a file outside the site folder, never shown) or "none"."""

    kind: str
    where: str = ""


class ParsedValue(NamedTuple):
    """A nested value the user typed, or why it does not parse."""

    value: Any
    error: PostError | None


@dataclass(frozen=True)
class UnappliedEdit:
    """Raw front-matter text the user typed that does not parse, and why."""

    text: str
    error: PostError


class _SnapshotCommand(QUndoCommand):
    """One front-matter edit, undone and redone by restoring the text around it."""

    def __init__(
        self, model: FrontMatterModel, text: str, before: str, after: str, merge_id: int, key: str
    ):
        super().__init__(text)
        self._model = model
        self.before = before
        self.after = after
        self._merge_id = merge_id
        self.key = key
        self._applied = True  # pushed after the edit was made: the first redo() is a no-op

    def id(self) -> int:
        return self._merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _SnapshotCommand) or other.key != self.key:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._model._restore(self.after)

    def undo(self) -> None:
        self._model._restore(self.before)


class FrontMatterModel(QObject):
    changed = Signal(str)
    structure_changed = Signal()
    error = Signal(object)
    post_edited = Signal()
    thumbnail_ready = Signal(str, QImage, str)  # key, image (null when none), note
    remote_policy_changed = Signal(bool)
    unapplied_changed = Signal()  # a raw edit that does not parse was typed, fixed or dropped

    _MERGE_SET = 1
    _MERGE_RAW = 2

    def __init__(
        self,
        post_provider: Callable[[], Post],
        *,
        site_root: str | Path | None = None,
        allow_remote: bool = False,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._post_provider = post_provider
        self._site_root = Path(site_root) if site_root else None
        self._allow_remote = allow_remote
        self._vocabulary: Callable[[str], list[str]] | None = None
        self._undo_stack = QUndoStack(self)
        self._network: QNetworkAccessManager | None = None
        self._pending_fetch: dict[str, QNetworkReply] = {}
        self._unapplied: UnappliedEdit | None = None

    # ---- reading -------------------------------------------------------------------------

    @property
    def post(self) -> Post:
        return self._post_provider()

    def keys(self) -> list[str]:
        return list(self.post.metadata.keys())

    def has_key(self, key: str) -> bool:
        return key in self.post.metadata

    def value(self, key: str) -> Any:
        return copy.deepcopy(self.post.metadata[key])

    def kind(self, key: str) -> str:
        """The post's value kind: str, text, bool, int, float, date, list, map or null."""
        return self.post.value_kind(key)

    def date_format(self, key: str) -> str | None:
        return self.post.date_format(key)

    def date_value(self, key: str) -> dt.date | None:
        """The date or datetime a date-like field holds, parsing odd string formats."""
        value = self.post.metadata[key]
        if isinstance(value, dt.date):
            return value
        fmt = self.date_format(key)
        if isinstance(value, str) and fmt:
            try:
                return dates.parse(value.strip(), fmt)
            except ValueError:
                return None
        return None

    def raw_text(self) -> str:
        """The front matter text with "\\n" line ends, as a text widget holds it."""
        return self.post.front_matter_text.replace("\r\n", "\n")

    def raw_line(self, file_line: int | None) -> int | None:
        """The line of ``raw_text()`` that a file line (as in PostError.line) falls on."""
        if file_line is None:
            return None
        opening_delimiter_lines = 0 if self.post.format == "json" else 1
        return max(1, file_line - opening_delimiter_lines)

    def is_image(self, key: str) -> bool:
        """True for fields that name an image: by key (image, cover, …) or by extension."""
        value = self.post.metadata.get(key)
        if not isinstance(value, str):
            return False
        return layout.is_image_key(key) or layout.looks_like_image(value)

    def suggestions(self, key: str) -> list[str]:
        """Values to offer when completing ``key``: the site vocabulary plus this file's."""
        found: list[str] = []
        if self._vocabulary is not None:
            found.extend(str(v) for v in self._vocabulary(key))
        if key in self.post.metadata:
            value = self.post.metadata[key]
            items = value if isinstance(value, list) else [value]
            found.extend(
                str(v)
                for v in items
                if isinstance(v, str | int | float) and not isinstance(v, bool)
            )
        return sorted(set(found), key=str.casefold)

    def set_vocabulary(self, provider: Callable[[str], list[str]] | None) -> None:
        """Install the whole-site vocabulary: ``provider(key)`` returns known values."""
        self._vocabulary = provider

    # ---- site and remote policy ----------------------------------------------------------

    def site_root(self) -> Path | None:
        """The site folder image paths resolve against: given, or found above the post."""
        if self._site_root is not None:
            return self._site_root
        path = self.post.path
        if path is None:
            return None
        post_path = Path(path).resolve()
        return layout.find_site_root(post_path) or post_path.parent

    def set_site_root(self, folder: str | Path | None) -> None:
        self._site_root = Path(folder) if folder else None

    def allow_remote(self) -> bool:
        return self._allow_remote

    def set_allow_remote(self, allowed: bool) -> None:
        if allowed != self._allow_remote:
            self._allow_remote = allowed
            self.remote_policy_changed.emit(allowed)

    def resolve_image(self, key: str) -> ImageLocation:
        value = self.post.metadata.get(key)
        if not isinstance(value, str) or not value.strip():
            return ImageLocation("none")
        text = value.strip()
        if layout.is_remote(text):
            return ImageLocation("remote", "https:" + text if text.startswith("//") else text)
        # The preview's resolver: only a regular file inside the site folder.
        found = resolve_site_file(text, self.post.path, self.site_root())
        if found.path is not None:
            return ImageLocation("local", str(found.path))
        if found.outside is not None:
            return ImageLocation("outside", text)
        return ImageLocation("missing", text)

    def request_thumbnail(self, key: str, max_size: QSize) -> None:
        """Load the image ``key`` names, scaled to fit ``max_size``; answers via thumbnail_ready."""
        location = self.resolve_image(key)
        stale = self._pending_fetch.pop(key, None)
        if stale is not None:
            stale.abort()
        if location.kind == "local":
            reader = QImageReader(location.where)
            self._emit_thumbnail(key, reader, max_size)
        elif location.kind == "remote" and not self._allow_remote:
            self.thumbnail_ready.emit(key, QImage(), REMOTE_BLOCKED_NOTE)
        elif location.kind == "remote":
            self._fetch(key, location.where, max_size)
        elif location.kind == "missing":
            self.thumbnail_ready.emit(key, QImage(), f"not found: {location.where}")
        elif location.kind == "outside":
            self.thumbnail_ready.emit(key, QImage(), f"outside the site folder: {location.where}")
        else:
            self.thumbnail_ready.emit(key, QImage(), "")

    def _fetch(self, key: str, url: str, max_size: QSize) -> None:
        # QtNetwork loads with the first remote thumbnail, not at start-up.
        from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

        if self._network is None:
            self._network = QNetworkAccessManager(self)
        request = QNetworkRequest(QUrl(url))
        request.setAttribute(
            QNetworkRequest.Attribute.RedirectPolicyAttribute,
            QNetworkRequest.RedirectPolicy.NoLessSafeRedirectPolicy,
        )
        reply = self._network.get(request)
        self._pending_fetch[key] = reply
        self.thumbnail_ready.emit(key, QImage(), "loading remote image…")

        def finished() -> None:
            if self._pending_fetch.get(key) is not reply:
                reply.deleteLater()
                return
            del self._pending_fetch[key]
            if reply.error() != QNetworkReply.NetworkError.NoError:
                self.thumbnail_ready.emit(
                    key, QImage(), f"could not fetch image: {reply.errorString()}"
                )
            else:
                buffer = QBuffer(self)
                buffer.setData(QByteArray(reply.readAll()))
                buffer.open(QIODevice.OpenModeFlag.ReadOnly)
                self._emit_thumbnail(key, QImageReader(buffer), max_size)
                buffer.deleteLater()
            reply.deleteLater()

        reply.finished.connect(finished)

    def _emit_thumbnail(self, key: str, reader: QImageReader, max_size: QSize) -> None:
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid() and (
            size.width() > max_size.width() or size.height() > max_size.height()
        ):
            reader.setScaledSize(size.scaled(max_size, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if image.isNull():
            self.thumbnail_ready.emit(key, QImage(), f"unreadable image: {reader.errorString()}")
        else:
            self.thumbnail_ready.emit(key, image, "")

    # ---- validation helpers for editors --------------------------------------------------

    def yaml_text(self, key: str) -> str:
        """The value of ``key`` as a YAML document, for the nested-value editor."""
        value = self.post.metadata[key]
        return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, default_flow_style=False)

    def parse_yaml(self, text: str) -> ParsedValue:
        """Parse a nested-value edit: (value, None), or (None, PostError with its line)."""
        try:
            return ParsedValue(load_value(text), None)
        except PostError as exc:
            return ParsedValue(None, exc)

    # ---- editing -------------------------------------------------------------------------

    def set_value(self, key: str, value: Any, *, coalesce: bool = False) -> PostError | None:
        """Set one field (creating it when new). ``coalesce`` merges successive typing edits
        of the same key into one undo step."""
        if key not in self.post.metadata:
            return self.add_field(key, value)
        merge_id = self._MERGE_SET if coalesce else -1
        return self._edit(
            f"Edit {key}", key, merge_id, lambda post: post.set(key, value), structural=False
        )

    def add_field(self, key: str, value: Any) -> PostError | None:
        key = key.strip()
        if not key:
            return self._refuse(PostError("a field needs a name"))
        if key in self.post.metadata:
            return self._refuse(PostError(f"there is already a field named '{key}'"))
        return self._edit(f"Add {key}", key, -1, lambda post: post.set(key, value), structural=True)

    def add_field_of_type(self, key: str, type_name: str) -> PostError | None:
        """Add a field with the starting value of one of ``NEW_FIELD_TYPES``."""
        if type_name not in NEW_FIELD_TYPES:
            return self._refuse(PostError(f"unknown field type '{type_name}'"))
        return self.add_field(key, NEW_FIELD_TYPES[type_name]())

    def remove_field(self, key: str) -> PostError | None:
        if key not in self.post.metadata:
            return self._refuse(PostError(f"no field named '{key}'"))
        return self._edit(f"Remove {key}", key, -1, lambda post: post.delete(key), structural=True)

    def rename_field(self, old: str, new: str) -> PostError | None:
        new = new.strip()
        if new == old:
            return None
        if not new:
            return self._refuse(PostError("a field needs a name"))
        if new in self.post.metadata:
            return self._refuse(PostError(f"there is already a field named '{new}'"))
        return self._edit(
            f"Rename {old}", old, -1, lambda post: post.rename(old, new), structural=True
        )

    def set_raw_text(self, text: str) -> PostError | None:
        """Replace the whole front matter; an invalid text changes nothing and returns the
        PostError (with its line) after emitting ``error``. Line ends are written the
        post's way (``\\r\\n`` stays ``\\r\\n``)."""
        text = text.replace("\r\n", "\n")
        if self.post.newline == "\r\n":
            text = text.replace("\n", "\r\n")
        if text == self.post.front_matter_text:
            self._set_unapplied(None)
            return None
        err = self._edit(
            "Edit raw front matter",
            "\0raw",
            self._MERGE_RAW,
            lambda post: post.set_front_matter_text(text),
            structural=True,
        )
        self._set_unapplied(UnappliedEdit(text, err) if err is not None else None)
        return err

    def apply_edit(self, label: str, edit: Callable[[Post], None]) -> PostError | None:
        """Make an edit described by ``label`` (a bulk action's) as one undoable step."""
        return self._edit(label, "\0edit", -1, edit, structural=True)

    @property
    def unapplied_edit(self) -> UnappliedEdit | None:
        """Raw front matter the user typed that does not parse: an unsaved edit, never
        written, until it is fixed (``set_raw_text``) or dropped (``discard_unapplied``)."""
        return self._unapplied

    def discard_unapplied(self) -> None:
        """The raw editor let go of its invalid text (it shows the post's text again)."""
        self._set_unapplied(None)

    def _set_unapplied(self, unapplied: UnappliedEdit | None) -> None:
        if unapplied != self._unapplied:
            self._unapplied = unapplied
            self.unapplied_changed.emit()

    # ---- undo ----------------------------------------------------------------------------

    @property
    def undo_stack(self) -> QUndoStack:
        return self._undo_stack

    def undo(self) -> None:
        self._undo_stack.undo()

    def redo(self) -> None:
        self._undo_stack.redo()

    def can_undo(self) -> bool:
        return self._undo_stack.canUndo()

    def can_redo(self) -> bool:
        return self._undo_stack.canRedo()

    def reset(self) -> None:
        """Call after the provider's Post was replaced (reload, revert, new file)."""
        # Taken out first: abort() runs the reply's finished handler at once.
        pending, self._pending_fetch = self._pending_fetch, {}
        for reply in pending.values():
            reply.abort()
        self._undo_stack.clear()
        self._set_unapplied(None)
        self.structure_changed.emit()

    # ---- internals -----------------------------------------------------------------------

    def _refuse(self, err: PostError) -> PostError:
        self.error.emit(err)
        return err

    def _edit(
        self,
        label: str,
        key: str,
        merge_id: int,
        apply: Callable[[Post], None],
        *,
        structural: bool,
    ) -> PostError | None:
        post = self.post
        before = post.front_matter_text
        try:
            apply(post)
        except PostError as err:
            return self._refuse(err)
        except (ValueError, TypeError, KeyError) as exc:
            return self._refuse(PostError(str(exc)))
        after = post.front_matter_text
        if after == before:
            return None
        self._undo_stack.push(_SnapshotCommand(self, label, before, after, merge_id, key))
        if structural:
            self.structure_changed.emit()
        else:
            self.changed.emit(key)
        self.post_edited.emit()
        return None

    def _restore(self, text: str) -> None:
        post = self.post
        old_keys = list(post.metadata.keys())
        old_values = {k: copy.deepcopy(v) for k, v in post.metadata.items()}
        try:
            post.set_front_matter_text(text)
        except PostError as err:  # the snapshot was valid when taken; report, don't crash
            self.error.emit(err)
            return
        if list(post.metadata.keys()) != old_keys:
            self.structure_changed.emit()
        else:
            for key in old_keys:
                new = post.metadata[key]
                if new != old_values[key] or type(new) is not type(old_values[key]):
                    self.changed.emit(key)
        self.post_edited.emit()
