"""EditHistory: the site's undo history (``core.bulk.history``) as a Qt object.

Every write the workspace makes in a site lands here as a named step: each bulk action
(``Workspace.apply_bulk``, so any action planned through the bulk path, taxonomy ones
too) and each table cell edit (``Workspace.set_field``). ``undo``, ``redo`` and
``undo_to`` replay steps on the workspace's bulk runner (one job at a time, with the
journal, and ``about_to_write`` first so the open post never takes them for another
program's change); ``replayed(Replay)`` follows each one and ``changed`` whenever the
steps change. A step that cannot be replayed stays, with which files changed and why.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance

from editor.core.bulk import actions as bulk
from editor.core.bulk import history as core_history
from editor.core.bulk.history import REDO, UNDO, Replay, Step


class Writer(Protocol):
    """What the history needs of the workspace (which holds it; not imported here)."""

    bulk_applied: SignalInstance
    about_to_write: SignalInstance

    @property
    def bulk_running(self) -> bool: ...

    def run_write_job(self, work: Callable[[Any], Any], on_done: Callable[[Any], None]) -> None: ...

    def journal_folder(self) -> Path | None: ...

    def refresh_paths(self, paths: Iterable[str | os.PathLike[str]]) -> None: ...


class EditHistory(QObject):
    """Undo and redo of a workspace's writes; see the module docstring."""

    changed = Signal()  # steps recorded, replayed or cleared
    recorded = Signal()  # a new step was recorded
    replayed = Signal(object)  # core_history.Replay, after an undo or redo ran
    busy_changed = Signal(bool)

    def __init__(
        self,
        workspace: Any,
        own_write: Callable[[str, bytes, Any, str], Any],
        limit: int = core_history.DEFAULT_LIMIT,
    ):
        """``workspace`` (a ``Writer``) runs the writes; ``own_write(path, data, edit,
        description)`` makes what its ``about_to_write`` carries (``OwnWrite``)."""
        super().__init__(workspace)
        self._workspace: Writer = workspace
        self._own_write = own_write
        self._history = core_history.History(limit)
        self._running: Step | None = None
        self._target: Step | None = None  # undo_to: undo until this step is undone
        workspace.bulk_applied.connect(self._bulk_applied)

    # ------------------------------------------------------------------ state

    @property
    def done(self) -> list[Step]:
        """Steps that can be undone, oldest first."""
        return self._history.done

    @property
    def undone(self) -> list[Step]:
        """Steps that can be redone, the next one last."""
        return self._history.undone

    @property
    def busy(self) -> bool:
        return self._running is not None

    def can_undo(self) -> bool:
        return self._history.next_undo() is not None and self._free()

    def can_redo(self) -> bool:
        return self._history.next_redo() is not None and self._free()

    def _free(self) -> bool:
        return self._running is None and not self._workspace.bulk_running

    # ------------------------------------------------------------------ recording

    def record(self, step: Step | None) -> None:
        """A write made in the site: it can be undone (it ends what could be redone)."""
        if step is None:
            return
        self._history.record(step)
        self.changed.emit()
        self.recorded.emit()

    def clear(self) -> None:
        self._target = None
        self._history.clear()
        self.changed.emit()

    def _bulk_applied(self, result: bulk.BulkResult) -> None:
        self.record(core_history.bulk_step(result))

    # ------------------------------------------------------------------ replaying

    def undo(self) -> bool:
        """Undo the last step in the background; False when there is none or work runs."""
        step = self._history.next_undo()
        return step is not None and self._free() and self._start(step, UNDO)

    def redo(self) -> bool:
        step = self._history.next_redo()
        return step is not None and self._free() and self._start(step, REDO)

    def undo_to(self, step: Step) -> bool:
        """Undo every step from the last down to ``step`` included, one after another;
        it stops at the first that cannot be undone."""
        if self._history.index_of(step) is None or not self._free():
            return False
        self._target = step
        return self.undo()

    def _start(self, step: Step, direction: str) -> bool:
        self._workspace.about_to_write.emit(
            [
                self._own_write(
                    os.fspath(e.path), e.before if direction == UNDO else e.after, None, step.name
                )
                for e in step.edits
            ]
        )
        journal = self._workspace.journal_folder()

        def work(job: Any) -> Replay:
            return core_history.replay(step, direction, job.progress, job.cancel, journal)

        self._running = step
        self.busy_changed.emit(True)
        try:
            self._workspace.run_write_job(work, self._finished)
        except RuntimeError:
            self._running = None
            self.busy_changed.emit(False)
            return False
        return True

    def _finished(self, outcome: Replay) -> None:
        self._running = None
        self._history.settle(outcome)
        self._workspace.refresh_paths(outcome.done)
        self.busy_changed.emit(False)
        self.changed.emit()
        self.replayed.emit(outcome)
        target = self._target
        if target is not None and outcome.ok and outcome.direction == UNDO:
            if self._history.index_of(target) is not None:
                self.undo()
                return
        self._target = None
