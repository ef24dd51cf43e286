"""Document: one open post, its file, its body text and its unsaved state.

Owns the ``Post``, its path, the QTextDocument the body editor shows, and the
snapshot of the file as it was at load/save (size, mtime, hash) used to detect
changes made by other programs. The model detects, the UI decides: ``save``
raises ``SaveConflict`` or ``PostError`` and never opens a dialog.

A file whose front matter does not parse opens as a ``BrokenPost`` (``is_broken``):
the body is editable, saving raises PostError, and once the raw front matter is
fixed the real Post is swapped in (``front_matter_repaired``). External changes:
a clean document reloads itself (``external_reload_started`` lets views keep their
place), a dirty one emits ``changed_on_disk``, a deleted or moved file emits
``file_missing`` and the text becomes unsaved so Save recreates it.

The body is synced from the QTextDocument to ``post.body`` lazily (on read,
save, or after a short idle), so typing in a large post costs nothing beyond
Qt's own work. ``BodyCodec`` makes that sync exact: QTextDocument turns every
line ending (and U+2029) into a block separator, so the codec remembers the
original line endings and restores them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtGui import QTextDocument

from editor.core.errors import PostError
from editor.core.platform.atomic import remove_stale_temp_files_if_changed
from editor.core.platform.regular_files import read_post_bytes
from editor.core.post.bodytext import BodyCodec
from editor.core.post.broken import BrokenPost, load_post_or_draft, post_or_draft_from_bytes
from editor.core.post.disk import DiskSnapshot
from editor.core.post.model import Post
from editor.core.post.newpost import new_post_file_name, new_value
from editor.core.site.layout import remembered_site_roots
from editor.session.body_document import body_text, new_body_document

BODY_SYNC_DELAY_MS = 400
MISSING_RECHECK_MS = 300  # another program's save may delete and recreate the file
STALE_TEMP_MIN_AGE_S = 60.0  # a younger temp file may be another instance's save under way


class SaveConflict(Exception):
    """The file changed on disk since it was loaded; saving would overwrite someone's edit."""

    def __init__(self, path: Path, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class Document(QObject):
    """One open post: edits, dirty state, save with conflict detection, revert, reload."""

    dirty_changed = Signal(bool)
    body_changed = Signal()
    metadata_changed = Signal(str)
    saved = Signal(str)
    reloaded = Signal()
    path_changed = Signal(str)
    changed_on_disk = Signal()  # a dirty document's file was changed by another program
    external_reload_started = Signal()  # a clean document is about to take the disk's text
    file_went_missing = Signal()  # the file was deleted or moved by another program
    front_matter_repaired = Signal()  # a broken post's front matter parses now
    # Masthead's own write (a bulk edit) reached a dirty document's file: the edit to make
    # on top of the user's, as a callable taking the Post, and its description.
    own_write_arrived = Signal(object, str)

    def __init__(
        self,
        post: Post | BrokenPost,
        path: Path | None = None,
        parent: QObject | None = None,
        body_document: QTextDocument | None = None,
    ):
        """body_document: take over this body document (from new_body_document) instead
        of making one; a starting window shows the post's body in it before the post is
        parsed (editor.session.opening_post). Text it already holds that is the body's
        is kept as it is, with whatever the editor has laid out and highlighted."""
        super().__init__(parent)
        self._post: Post | BrokenPost = post
        self._path = Path(path) if path is not None else None
        self._snapshot: DiskSnapshot | None = None
        self._dirty = False
        self._body_stale = False
        self._never_saved = False
        self._replacing = False  # emitting path_changed for a new post (see replacing)
        self._text_not_on_disk = False  # restored, repaired or file gone: unsaved though unedited
        self._file_missing = False
        self._loading = False
        # Raw front matter typed in the form that does not parse: unsaved, never written.
        self._unapplied_front_matter: str | None = None
        self._unapplied_error: PostError | None = None
        self._expected_writes: dict[str, tuple[Callable[[Post], None] | None, str]] = {}
        self.body_document = body_document or new_body_document()
        self.body_document.setParent(self)
        self.body_document.contentsChange.connect(self._on_body_edit)
        self.body_document.modificationChanged.connect(self._on_body_modification_changed)
        self._sync_timer = QTimer(self, singleShot=True, interval=BODY_SYNC_DELAY_MS)
        self._sync_timer.timeout.connect(self._sync_idle)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_file_changed)
        self._watcher.directoryChanged.connect(self._on_folder_changed)
        self._missing_timer = QTimer(self, singleShot=True, interval=MISSING_RECHECK_MS)
        self._missing_timer.timeout.connect(self._check_missing)
        self._load_body_into_editor(keep_same_text=body_document is not None)
        if self._path is not None and self._path.exists():
            self._snapshot = DiskSnapshot.of(self._path)
            self._watch()

    # ---- construction -------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike,
        parent: QObject | None = None,
        body_document: QTextDocument | None = None,
    ) -> Document:
        """A document for the post at path (a BrokenPost if only its front matter is bad);
        PostError if it is not a readable text post (body_document: see __init__)."""
        post, snapshot = _load(Path(path).absolute())
        document = cls(post, Path(path).absolute(), parent, body_document)
        document._snapshot = snapshot
        return document

    @classmethod
    def new_from(
        cls,
        template: Document,
        folder: str | os.PathLike,
        title: str,
        now: datetime | None = None,
        parent: QObject | None = None,
    ) -> Document:
        """A new, unsaved post in folder shaped like template (see start_new_from)."""
        document = cls(Post.new(), None, parent)
        document.start_new_from(template.post, template.path, folder, title, now)
        return document

    def load(self, path: str | os.PathLike) -> None:
        """Replace this document's post with the file at path (PostError leaves it unchanged)."""
        path = Path(path).absolute()
        post, snapshot = _load(path)
        with remembered_site_roots():  # the views each ask for the post's site root
            self._replace(post, path, snapshot, never_saved=False)

    def start_new_from(
        self,
        template: Post | BrokenPost,
        template_path: Path | None,
        folder: str | os.PathLike,
        title: str,
        now: datetime | None = None,
    ) -> None:
        """Become a new, unsaved post in folder with the template's keys, emptied.

        Layout keys (see LAYOUT_KEYS) keep their values, `title` is set, and
        date-like keys get `now` written in the template's own format. The file
        name follows the folder's naming; the file is created on the first save.
        """
        now = now or datetime.now().astimezone()
        post = Post.new(template.format or "yaml", template.newline)
        if not any(key.lower() == "title" for key in template.metadata):
            post.set("title", title)
        for key, value in template.metadata.items():
            post.set(key, new_value(template, key, value, title, now))
        folder = Path(folder).absolute()
        suffix = template_path.suffix if template_path else ".md"
        path = folder / new_post_file_name(folder, title, now, suffix)
        self._replace(post, path, None, never_saved=True)

    def restore_recovered(
        self,
        data: bytes,
        path: Path | None,
        disk_sha256: str | None,
        never_saved: bool,
    ) -> None:
        """Become a recovered copy: its text, unsaved (dirty), tied to its original file.

        If the file changed on disk since the copy's edits began, saving asks first
        (SaveConflict); a vanished file is recreated by Save. PostError if the copy is
        not a text post.
        """
        path = Path(path).absolute() if path is not None else None
        post = post_or_draft_from_bytes(data, path)
        snapshot = None
        if path is not None and path.exists() and not never_saved:
            snapshot = DiskSnapshot.of(path)
            if snapshot is not None and disk_sha256 and snapshot.sha256 != disk_sha256:
                # Stale on purpose: the edits were made against other bytes.
                snapshot = DiskSnapshot(-1, 0, disk_sha256)
        self._replace(post, path, snapshot, never_saved=never_saved, text_not_on_disk=True)

    def _replace(
        self,
        post: Post | BrokenPost,
        path: Path | None,
        snapshot: DiskSnapshot | None,
        never_saved: bool,
        text_not_on_disk: bool = False,
    ) -> None:
        self._sync_timer.stop()
        self._missing_timer.stop()
        self._unwatch()
        old_path = self._path
        self._post = post
        self._path = path
        self._snapshot = snapshot
        self._never_saved = never_saved
        self._text_not_on_disk = text_not_on_disk
        self._file_missing = False
        self._unapplied_front_matter = self._unapplied_error = None
        self._expected_writes.clear()
        self._load_body_into_editor()
        self._watch()
        if path != old_path:
            self._replacing = True  # reloaded follows: see ``replacing``
            try:
                self.path_changed.emit(str(path) if path else "")
            finally:
                self._replacing = False
        self._set_dirty(never_saved or text_not_on_disk)
        self.reloaded.emit()

    @property
    def replacing(self) -> bool:
        """True while ``path_changed`` comes from a new post taking this document's place:
        ``reloaded`` follows at once, so a listener to both may wait for that."""
        return self._replacing

    # ---- state --------------------------------------------------------------------------

    @property
    def post(self) -> Post | BrokenPost:
        """The post, with the body editor's latest text synced into it."""
        self.flush_body()
        return self._post

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def display_name(self) -> str:
        return self._path.name if self._path else "Untitled"

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def body(self) -> str:
        return self.post.body

    @property
    def is_broken(self) -> bool:
        """True while the front matter does not parse (nothing can be saved)."""
        return isinstance(self._post, BrokenPost)

    @property
    def front_matter_error(self) -> PostError | None:
        return self._post.error if isinstance(self._post, BrokenPost) else None

    @property
    def never_saved(self) -> bool:
        return self._never_saved

    @property
    def file_missing(self) -> bool:
        """True after the file was deleted or moved by another program (until saved)."""
        return self._file_missing

    @property
    def disk_sha256(self) -> str | None:
        """Hash of the file's bytes as loaded or last saved (None for a new post)."""
        return self._snapshot.sha256 if self._snapshot is not None else None

    def disk_text(self) -> str | None:
        """The file's current text on disk (for a diff), or None if it cannot be read."""
        if self._path is None:
            return None
        try:
            return read_post_bytes(self._path).decode("utf-8", "replace")
        except PostError:
            return None

    def body_start_line(self) -> int:
        return self._post.body_start_line

    def flush_body(self) -> None:
        """Copy the editor's text into post.body if it changed since the last sync."""
        if not self._body_stale:
            return
        self._body_stale = False
        if not self.body_document.isModified():
            body = self._codec.original
        else:
            body = self._codec.decode(body_text(self.body_document))
        if body != self._post.body:
            self._post.body = body

    def settle(self) -> None:
        """Sync the body and recompute the dirty state now, as the idle timer would."""
        self._sync_timer.stop()
        self._recompute_dirty()

    def notify_post_edited(self, key: str = "") -> None:
        """Call after the post was edited directly (front-matter form); updates dirty state."""
        if isinstance(self._post, BrokenPost) and self._post.repaired is not None:
            self._adopt_repaired(self._post)
        self._recompute_dirty()
        self.metadata_changed.emit(key)

    def _adopt_repaired(self, draft: BrokenPost) -> None:
        self.flush_body()
        repaired = draft.repaired
        assert repaired is not None  # called only once the front matter parses
        body_moved = repaired.body != draft.body  # an unclosed block was closed mid-text
        self._post = repaired
        self._text_not_on_disk = True  # the disk still holds the broken text
        if body_moved:
            self._load_body_into_editor()
            self.body_document.setModified(True)
        else:
            self._codec = BodyCodec(repaired.body, repaired.newline)
        self.front_matter_repaired.emit()

    def keep_mine(self) -> None:
        """After an external change: keep this text and take the disk's current state as
        the base, so the next Save writes it without a second question."""
        if self._path is not None and self._path.exists():
            self._snapshot = DiskSnapshot.of(self._path)
        self._text_not_on_disk = True
        self._set_dirty(True)

    def set_metadata(self, key: str, value) -> None:
        self._post.set(key, value)
        self.notify_post_edited(key)

    def hold_unapplied_front_matter(self, text: str | None, error: PostError | None) -> None:
        """The form holds raw front matter that does not parse (None: it no longer does).

        It counts as an unsaved edit: the document is dirty, ``save`` refuses with
        ``save_blocker`` as the reason, and a recovery copy carries the typed text.
        """
        self._unapplied_front_matter = text
        self._unapplied_error = error if text is not None else None
        self._recompute_dirty()
        self.metadata_changed.emit("")

    @property
    def save_blocker(self) -> str | None:
        """Why nothing can be written now (broken or unapplied front matter), or None."""
        if isinstance(self._post, BrokenPost):
            return (
                f"{self._post.error}\n\nThe front matter is not valid, so nothing was "
                "written. Fix it in the raw front-matter view (the error line is "
                "highlighted); your edits are kept."
            )
        if self._unapplied_error is not None:
            where = f"line {self._unapplied_error.line}: " if self._unapplied_error.line else ""
            return (
                f"The front matter you typed is not valid ({where}"
                f"{self._unapplied_error.message}), so nothing was written. Fix it in the raw "
                "front-matter view, or undo it; your edits are kept."
            )
        return None

    def recovery_bytes(self) -> bytes:
        """What a recovery copy keeps: the post's bytes, with any unapplied raw front
        matter as typed, so a crash loses no keystroke."""
        post = self.post
        if self._unapplied_front_matter is not None and isinstance(post, Post):
            return post.to_bytes_with_front_matter(self._unapplied_front_matter)
        return post.to_bytes()

    def expect_own_write(
        self, data: bytes, edit: Callable[[Post], None] | None, description: str = ""
    ) -> None:
        """Masthead itself is about to write ``data`` to this post's file (a bulk edit).

        When the file then holds exactly those bytes it is not another program's change:
        a clean document takes them silently, and a dirty one keeps the user's edits,
        takes the file as its new base and emits ``own_write_arrived(edit, description)``
        so the same edit is made on top of the user's, as one undoable step. Without an
        ``edit`` (an undo restoring old bytes) a dirty document asks as for any change.
        """
        self._expected_writes[hashlib.sha256(data).hexdigest()] = (edit, description)

    def disk_changed(self) -> bool:
        """True if the file on disk no longer holds the bytes we loaded or saved."""
        if self._path is None or self._snapshot is None:
            return False
        return not self._snapshot.matches(self._path)

    # ---- saving and reverting -----------------------------------------------------------

    def save(self, path: str | os.PathLike | None = None, force: bool = False) -> Path:
        """Write the post atomically and return the path written.

        Raises SaveConflict (unless force) when saving over our own file and
        another program changed it since load, and PostError when writing fails.
        """
        target = Path(path).absolute() if path is not None else self._path
        if target is None:
            raise PostError("This post has no file name yet: use Save As.")
        if self.save_blocker is not None:
            raise PostError(self.save_blocker, path=target)
        same_file = self._path is not None and target == self._path
        if not force and same_file:
            if (
                self._snapshot is not None
                and target.exists()  # a deleted file is simply recreated
                and not self._snapshot.matches(target)
            ):
                raise SaveConflict(
                    target, "the file was changed by another program since it was opened"
                )
            if self._snapshot is None and self._never_saved and target.exists():
                raise SaveConflict(
                    target, "a file with this name was created since this post was started"
                )
        post = self.post
        self._unwatch()
        try:
            post.save(target)
        finally:
            self._watch(target)
        self._snapshot = DiskSnapshot.of(target)
        self._never_saved = False
        self._text_not_on_disk = False
        self._file_missing = False
        self._mark_body_saved(post)
        if target != self._path:
            self._path = target
            self.path_changed.emit(str(target))
        self._set_dirty(False)
        self.saved.emit(str(target))
        return target

    def revert(self) -> None:
        """Reload the file from disk, dropping unsaved edits (and the body undo history)."""
        if self._path is None or not self._path.exists():
            raise PostError("There is no saved file to revert to.", path=self._path)
        post, snapshot = _load(self._path)
        with remembered_site_roots():
            self._replace(post, self._path, snapshot, never_saved=False)

    # ---- internals ----------------------------------------------------------------------

    def _mark_body_saved(self, post: Post | BrokenPost) -> None:
        """Make post.body the editor's clean state: what an unmodified editor stands for.

        The codec is the baseline that ``flush_body`` returns whenever the editor reports
        no modification, so it must hold the saved body *before* the editor is marked
        clean: marking it clean syncs at once, and an old baseline there would put the
        body as first loaded back into the post, to be written by the next save.
        """
        self._codec = BodyCodec(post.body, post.newline)
        self.body_document.setModified(False)
        self._body_stale = False

    def _load_body_into_editor(self, keep_same_text: bool = False) -> None:
        self._codec = BodyCodec(self._post.body, self._post.newline)
        if not keep_same_text or body_text(self.body_document) != self._codec.editor_text:
            self._loading = True
            try:
                self.body_document.setPlainText(self._codec.editor_text)
            finally:
                self._loading = False
        self.body_document.clearUndoRedoStacks()
        self.body_document.setModified(False)
        self._body_stale = False

    def _on_body_edit(self, _position: int, removed: int, added: int) -> None:
        if self._loading or (removed == 0 and added == 0):
            return
        self._body_stale = True
        self._sync_timer.start()
        if not self._dirty and self.body_document.isModified():
            self._set_dirty(True)
        self.body_changed.emit()

    def _on_body_modification_changed(self, modified: bool) -> None:
        if self._loading:
            return
        if modified:
            # The flag is set after contentsChange: a sync that ran in between (a slot
            # reading .post) took the unmodified original, so read the text again.
            self._body_stale = True
            self._set_dirty(True)
        else:
            self._body_stale = True
            self._recompute_dirty()

    def _sync_idle(self) -> None:
        self._recompute_dirty()

    def _recompute_dirty(self) -> None:
        self.flush_body()
        self._set_dirty(
            self._never_saved
            or self._text_not_on_disk
            or self._unapplied_error is not None
            or self._post.modified
        )

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _watch(self, path: Path | None = None) -> None:
        target = str(path or self._path) if (path or self._path) else None
        if target and os.path.exists(target) and target not in self._watcher.files():
            self._watcher.addPath(target)

    def _unwatch(self) -> None:
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)

    def _on_file_changed(self, _changed: str) -> None:
        # An atomic replace by another program drops the watch: watch the new file again.
        self._watch()
        if self._path is None:
            return
        if not self._path.exists():
            self._missing_timer.start()
            return
        if not self.disk_changed():
            return
        if self._dirty and self._take_own_write():
            return
        if self._dirty:
            self.changed_on_disk.emit()
        else:
            self.external_reload_started.emit()
            try:
                self.revert()
            except PostError:
                self.changed_on_disk.emit()

    def _take_own_write(self) -> bool:
        """If the file holds bytes Masthead said it would write, merge them; True if so."""
        if not self._expected_writes or self._path is None:
            return False
        snapshot = DiskSnapshot.of(self._path)
        expected = self._expected_writes.pop(snapshot.sha256, None) if snapshot else None
        if expected is None or expected[0] is None:
            return False
        self._expected_writes.clear()
        self._snapshot = snapshot
        edit, description = expected
        self.own_write_arrived.emit(edit, description)
        return True

    def _check_missing(self) -> None:
        if self._path is None or self._path.exists():
            self._on_file_changed(str(self._path))
            return
        if self._file_missing:
            return
        self._file_missing = True
        self._text_not_on_disk = True
        self._set_dirty(True)
        folder = str(self._path.parent)
        if os.path.isdir(folder) and folder not in self._watcher.directories():
            self._watcher.addPath(folder)  # to notice the file coming back
        self.file_went_missing.emit()

    def _on_folder_changed(self, _folder: str) -> None:
        if self._path is not None and self._path.exists():
            self._watcher.removePath(str(self._path.parent))
            self._file_missing = False
            self._on_file_changed(str(self._path))


def _load(path: Path) -> tuple[Post | BrokenPost, DiskSnapshot | None]:
    """The post at path and a snapshot of the bytes it was parsed from."""
    remove_stale_temp_files_if_changed(path.parent, min_age_s=STALE_TEMP_MIN_AGE_S)
    post = load_post_or_draft(path)  # refuses huge, binary and non-UTF-8 files: PostError
    return post, DiskSnapshot.of(path, post.to_bytes())
