"""A folder's index as one object: its catalogue, search, stories and problems, and its writer."""

from __future__ import annotations

import sqlite3
from functools import partial
from pathlib import Path

from reader.index.catalog import Catalog
from reader.index.connections import ConnectionFactory
from reader.index.db import index_path, open_index
from reader.index.problems import ProblemLog
from reader.index.search import Searcher
from reader.index.stories import Stories
from reader.index.sync import IndexWriter


class Index:
    """The SQLite index of one article folder; each part is a plain object over shared connections."""

    def __init__(self, root: Path, *, file: Path | None = None, marks_file: Path | None = None) -> None:
        self.file = file or index_path(root)
        self.connections = ConnectionFactory(partial(_connect, self.file, marks_file))
        self.catalog = Catalog(self.connections, with_marks=marks_file is not None)
        self.searcher = Searcher(self.connections, self.catalog)
        self.stories = Stories(self.connections, self.catalog)
        self.problems = ProblemLog(self.connections, self.stories.lookups)
        self.writer = IndexWriter(root, self.file, self.connections)

    def close(self) -> None:
        """Close every thread's connection."""
        self.connections.close()


def _connect(file: Path, marks_file: Path | None) -> sqlite3.Connection:
    """A connection to the index, with the marks file attached (read-only) for joins."""
    db = open_index(file)
    if marks_file is not None:
        db.execute("ATTACH DATABASE ? AS state", (Path(marks_file).resolve().as_uri() + "?mode=ro",))
    return db
