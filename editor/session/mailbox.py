"""Mailbox: how a worker thread hands results to a QObject that may die meanwhile.

A relay QObject lives on the GUI thread and dies with its owner. A worker
thread emitting on it at that very moment crashes the process (seen as a
segfault during garbage collection). Delivery and closing take the same lock,
and the owner closes the mailbox as it is destroyed (``destroyed`` fires
before its children go), so a result either arrives whole or is dropped.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject


class Mailbox:
    def __init__(self, relay: QObject, owner: QObject | None = None) -> None:
        self._relay = relay
        self._lock = threading.Lock()
        self._open = True
        if owner is not None:
            owner.destroyed.connect(self._closed_by_owner)

    def _closed_by_owner(self, *_args: Any) -> None:
        self.close()

    def deliver(self, signal_name: str, *args: Any) -> bool:
        """Emit the relay's signal (queued to its thread); False when closed."""
        with self._lock:
            if not self._open:
                return False
            getattr(self._relay, signal_name).emit(*args)
            return True

    def close(self) -> None:
        with self._lock:
            self._open = False
