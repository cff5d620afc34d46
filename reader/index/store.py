"""A folder's index as one object: its catalogue, search, stories and problems, and its writer.

The index lives in the user cache folder. When that folder cannot be used (read-only,
full, or a file where the folder should be), commands say so and stop; the reader
asks for a temporary index instead (`open_store(..., temporary_ok=True)`), kept in a
temporary folder for the session and removed when it closes.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from functools import partial
from pathlib import Path

from reader.index.catalog import Catalog
from reader.index.connections import ConnectionFactory, GuardedConnection
from reader.index.db import index_path, open_index
from reader.index.problems import ProblemLog
from reader.index.search import Searcher
from reader.index.stories import Stories
from reader.index.sync import IndexWriter
from reader.model import NewsdeskError
from reader.paths import file_identity
from reader.sqlite import is_unwritable


class IndexUnavailable(NewsdeskError):
    """The index cannot be kept where it belongs (its folder is read-only, full, or not a folder)."""


class Index:
    """The SQLite index of one article folder; each part is a plain object over shared connections."""

    def __init__(
        self,
        root: Path,
        *,
        file: Path | None = None,
        marks_file: Path | None = None,
        scratch: Path | None = None,
    ) -> None:
        self.file = file or index_path(root)
        self.scratch = scratch  # a temporary folder that holds the index, removed on close
        self.connections = ConnectionFactory(partial(_connect, self.file, marks_file))
        self.catalog = Catalog(self.connections, with_marks=marks_file is not None)
        self.searcher = Searcher(self.connections, self.catalog)
        self.stories = Stories(self.connections, self.catalog)
        self.problems = ProblemLog(self.connections, self.stories.lookups)
        self.writer = IndexWriter(root, self.file, self.connections)

    def check(self) -> None:
        """Open this thread's connection now, so that an index that cannot be kept is said at once."""
        try:
            self.connections.get()
        except OSError as error:
            raise IndexUnavailable(_cannot_keep(self.file.parent, error.strerror or str(error))) from None
        except sqlite3.OperationalError as error:
            if not is_unwritable(error):
                raise
            raise IndexUnavailable(_cannot_keep(self.file.parent, str(error))) from None

    def close(self) -> None:
        """Close every thread's connection (and remove a temporary index)."""
        self.connections.close()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)


def open_store(root: Path, *, marks_file: Path | None, temporary_ok: bool = False) -> tuple[Index, str]:
    """The folder's index, checked; where it cannot be kept, a temporary one if `temporary_ok`.

    Returns the index and a notice for the reader ("" when the index is where it belongs).
    """
    index = Index(root, marks_file=marks_file)
    try:
        index.check()
        return index, ""
    except IndexUnavailable as error:
        index.close()
        if not temporary_ok:
            raise
        reason = str(error)
    try:
        scratch = Path(tempfile.mkdtemp(prefix="newsdesk-index-"))
    except OSError as error:
        raise IndexUnavailable(f"{reason}; no temporary folder either ({error.strerror})") from None
    index = Index(root, file=scratch / "index.sqlite3", marks_file=marks_file, scratch=scratch)
    index.check()
    return index, f"{reason[:1].upper()}{reason[1:]}. This session uses a temporary index instead."


def _cannot_keep(folder: Path, reason: str) -> str:
    return (
        f"the index cannot be kept in {folder}: {reason.lower()} (NEWSDESK_CACHE_DIR chooses another folder)"
    )


def _connect(file: Path, marks_file: Path | None) -> sqlite3.Connection:
    """A connection to the index, with the marks file attached (read-only) for joins."""
    db = open_index(file, GuardedConnection)
    if isinstance(db, GuardedConnection):
        db.identity = file_identity(file)
    if marks_file is not None:
        try:
            db.execute("ATTACH DATABASE ? AS state", (Path(marks_file).resolve().as_uri() + "?mode=ro",))
        except sqlite3.DatabaseError:
            db.close()
            raise
    return db
