"""Mending the index or the marks file when one turns out damaged while Newsdesk runs.

Another program may write over either file while the reader has it open (a bad copy,
a backup put back, a disk fault). A statement that finds damage has `damaged` called,
through the index's connections, once per file. It tells which file is at fault by
reading the marks file afresh (a small file; the index may be large), then moves a
damaged marks file aside or throws the index away to be rebuilt, both as at start-up,
and keeps a notice. The reader takes the notices (`take`), shows them, and catches up:
a walk of the folder after a rebuild, a redraw after new marks.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass

from reader.index.connections import GuardedConnection
from reader.index.db import remove_index
from reader.index.store import Index
from reader.paths import file_identity
from reader.state import ReadState


@dataclass(frozen=True, slots=True)
class Mended:
    """What was mended, for the reader: a notice, and whether the index must be filled again."""

    notice: str
    rebuilt: bool


class Mending:
    """Decides which file is damaged, replaces it, and remembers what to tell the reader."""

    def __init__(self, index: Index, marks: ReadState | None) -> None:
        self.index = index
        self.marks = marks
        self._lock = threading.Lock()
        self._mended: list[Mended] = []
        index.connections.on_damage = self.damaged
        if marks is not None:
            marks.on_replaced = self.marks_replaced

    def damaged(self, error: sqlite3.DatabaseError, connection: GuardedConnection | None) -> None:
        """A statement (or a connection being opened) found damage: replace the file at fault."""
        if self.marks is not None and not self.marks.intact():
            self.marks.replace(str(error))  # and `marks_replaced` has the index reconnect
            return
        if connection is None:
            raise error  # opening the index mends a damaged index itself: this is something else
        if file_identity(self.index.file) == connection.identity:  # else another reader replaced it already
            remove_index(self.index.file)
        self.index.connections.reset()
        self._keep(Mended(f"The index was damaged ({error}); it is being rebuilt from the folder.", True))

    def marks_replaced(self, notice: str) -> None:
        """The marks file was replaced: the index's connections still read the old one."""
        self.index.connections.reset()
        self._keep(Mended(notice, False))

    def take(self) -> list[Mended]:
        """What was mended since the last call (from any thread)."""
        with self._lock:
            mended, self._mended = self._mended, []
        return mended

    def _keep(self, mended: Mended) -> None:
        with self._lock:
            self._mended.append(mended)
