"""Read and starred marks, kept in SQLite in the user data directory.

Every change is written in its own transaction the moment it happens, and every
question is answered from the file, so two readers on one folder see each other's
marks. The file survives the index being deleted, the process being killed, and two
instances writing at once (WAL journal, busy timeout). A file that is not a valid
database, at start-up or later (another program wrote over it), is moved aside and a
new one started; `notice` and `on_replaced` say so. `changed_elsewhere` tells a reader
that another program changed the marks (SQLite's data_version: a cheap poll).
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal, TypeVar

from reader.model import NewsdeskError
from reader.paths import data_dir, file_identity, folder_key
from reader.sqlite import BUSY_SECONDS, Transaction, is_corruption, is_unwritable, set_wal

SCHEMA = """
CREATE TABLE IF NOT EXISTS marks (
    id TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    changed_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS session (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
)
"""
Mark = Literal["read", "starred"]
T = TypeVar("T")


class StateError(NewsdeskError):
    """The marks file cannot be used right now (busy, or not writable)."""


class ReadState:
    """Which articles are read and which are starred, for one article folder."""

    def __init__(self, path: Path, *, scratch: Path | None = None) -> None:
        self.path = path
        self.notice = ""
        self.scratch = scratch  # a temporary folder that holds the file, removed on close
        self.on_replaced: Callable[[str], None] = lambda notice: None
        self._lock = threading.Lock()
        self._db = self._open()
        self._identity = file_identity(path)
        self._version = self._data_version()

    @classmethod
    def for_folder(cls, root: Path) -> ReadState:
        """The state file of an article folder, in the user data directory."""
        return cls(data_dir() / "state" / f"{folder_key(root)}.sqlite3")

    @classmethod
    def temporary(cls, reason: str) -> ReadState:
        """Marks kept in a temporary folder until the session ends (the data folder cannot be used)."""
        try:
            scratch = Path(tempfile.mkdtemp(prefix="newsdesk-marks-"))
        except OSError as error:
            raise StateError(f"{reason}; no temporary folder either ({error.strerror})") from None
        state = cls(scratch / "marks.sqlite3", scratch=scratch)
        state.notice = f"{reason[:1].upper()}{reason[1:]}. Marks made now are kept only until you quit."
        return state

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect()
        except OSError as error:
            raise StateError(_cannot_keep(self.path.parent, error.strerror or str(error))) from None
        except sqlite3.DatabaseError as error:
            if is_unwritable(error) and not is_corruption(error):
                raise StateError(_cannot_keep(self.path.parent, str(error))) from None
            if not is_corruption(error):
                raise StateError(f"read/starred marks cannot be opened: {error}") from None
        aside = self._move_aside()
        self.notice = f"read/starred state was unreadable; moved to {aside.name}"
        try:
            return self._connect()
        except sqlite3.Error as error:
            raise StateError(f"read/starred marks cannot be opened: {error}") from None

    def _move_aside(self) -> Path:
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
        self.path.replace(aside)
        for suffix in ("-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)
        return aside

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, check_same_thread=False, isolation_level=None)
        try:
            set_wal(db)
            db.execute("PRAGMA synchronous=NORMAL")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                error = sqlite3.DatabaseError("integrity check failed")
                error.sqlite_errorcode = sqlite3.SQLITE_CORRUPT
                raise error
            with Transaction(db):  # two processes creating the file at once: one creates, one waits
                for statement in SCHEMA.split(";"):
                    db.execute(statement)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def is_read(self, article_id: str) -> bool:
        """True once the article has been opened or marked read."""
        return self._get(article_id, "read")

    def is_starred(self, article_id: str) -> bool:
        """True while the article is starred."""
        return self._get(article_id, "starred")

    def _get(self, article_id: str, mark: Mark) -> bool:
        sql = f"SELECT {_column(mark)} FROM marks WHERE id = ?"
        row = self._run(lambda db: db.execute(sql, (article_id,)).fetchone(), "the marks could not be read")
        return bool(row and row[0])

    def set_mark(self, article_id: str, mark: Mark, value: bool) -> None:
        """Set or clear a mark, written at once (StateError if it cannot be)."""
        self.set_marks([article_id], mark, value)

    def set_marks(self, article_ids: Iterable[str], mark: Mark, value: bool) -> None:
        """Set or clear a mark on many articles in one transaction."""
        column = _column(mark)
        now = time.time()
        rows = [(article_id, int(value), now) for article_id in article_ids]
        sql = (
            f"INSERT INTO marks (id, {column}, changed_at) VALUES (?, ?, ?) "
            f"ON CONFLICT(id) DO UPDATE SET {column} = excluded.{column}, changed_at = excluded.changed_at"
        )

        def write(db: sqlite3.Connection) -> None:
            with Transaction(db):
                db.executemany(sql, rows)

        self._run(write, "the marks could not be saved")

    def marked(self, article_ids: Iterable[str], mark: Mark) -> set[str]:
        """Which of these articles have the mark (for undoing a marking exactly)."""
        wanted = list(article_ids)

        def read(db: sqlite3.Connection) -> set[str]:
            found: set[str] = set()
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT id FROM marks WHERE {_column(mark)} = 1 AND id IN ({marks})"
                found.update(row[0] for row in db.execute(sql, chunk))
            return found

        return self._run(read, "the marks could not be read")

    def remember(self, key: str, value: str) -> None:
        """Keep something about the reading session (the view, the sort, the open article)."""

        def write(db: sqlite3.Connection) -> None:
            with Transaction(db):
                db.execute(
                    "INSERT INTO session (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = ?",
                    (key, value, value),
                )

        self._run(write, "the session could not be saved")

    def recall(self, key: str) -> str | None:
        """What was remembered under a key, if anything."""
        try:
            row = self._run(
                lambda db: db.execute("SELECT value FROM session WHERE key = ?", (key,)).fetchone(), ""
            )
        except StateError:
            return None
        return str(row[0]) if row else None

    # Other programs and damage ------------------------------------------------------------

    def changed_elsewhere(self) -> bool:
        """True when another program changed the marks since the last look (cheap: fine twice a second).

        A file moved away or replaced by another program is opened afresh (and counts as a change).
        """
        if file_identity(self.path) != self._identity:
            self.replace("the file was replaced by another program")
            return True
        try:
            with self._lock:
                version = self._data_version()
                changed, self._version = version != self._version, version
        except sqlite3.DatabaseError as error:
            if is_corruption(error):
                self.replace(str(error))
                return True
            return False
        return changed

    def intact(self) -> bool:
        """True when the file on disk is a sound marks file: looked at afresh, never through a cache."""
        if file_identity(self.path) != self._identity:
            return False
        try:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
                return bool(db.execute("PRAGMA quick_check").fetchone()[0] == "ok")
        except sqlite3.DatabaseError as error:
            return not is_corruption(error)

    def replace(self, reason: str) -> None:
        """Move a damaged file aside and start a new one, as at start-up (or open one put in its place)."""
        with self._lock:
            if file_identity(self.path) == self._identity:
                try:
                    aside = self._move_aside()
                except OSError as error:
                    raise StateError(f"damaged marks cannot be moved aside: {error.strerror}") from None
                notice = f"Read/starred marks were damaged ({reason}); moved to {aside.name}; begun anew."
            else:
                notice = "The read/starred marks file was replaced by another program; using the new one."
            self._db.close()
            self._db = self._open()
            self._identity = file_identity(self.path)
            self._version = self._data_version()
        self.notice = notice
        self.on_replaced(notice)

    def _run(self, work: Callable[[sqlite3.Connection], T], failure: str) -> T:
        """Do some work on the file; a damaged file is replaced and the work done again, once."""
        for attempt in (1, 2):
            try:
                with self._lock:
                    return work(self._db)
            except sqlite3.DatabaseError as error:
                if attempt == 2 or not is_corruption(error):
                    raise StateError(f"{failure}: {error}") from None
                reason = str(error)
            except sqlite3.Error as error:
                raise StateError(f"{failure}: {error}") from None
            self.replace(reason)
        raise AssertionError("unreachable")

    def _data_version(self) -> int:
        """SQLite's count of changes other connections committed (the caller holds the lock)."""
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        """Close the database (and remove a temporary one)."""
        self._db.close()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)


def _cannot_keep(folder: Path, reason: str) -> str:
    return (
        f"read/starred marks cannot be kept in {folder}: {reason.lower()} "
        "(NEWSDESK_DATA_DIR chooses another folder)"
    )


def _column(mark: Mark) -> str:
    """The column of a mark (never text from outside: marks are one of two names)."""
    return {"read": "read", "starred": "starred"}[mark]
