"""Reconciling the index with the folder: parse only new and changed files, one writer at a time.

A walk of the folder gives (path, size, mtime) for every article file; files whose
signature matches the index are skipped, new and changed ones are parsed (in
several processes when there are many), vanished ones are removed. Work is
committed in batches, each in its own write transaction that reads what it needs,
so that a reader sees articles arrive during a first index and another process
indexing the same folder at the same time is never undone or duplicated.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.folders import FOLDER_FILE
from reader.index.batches import store_batch
from reader.index.connections import ConnectionFactory
from reader.index.db import remove_index
from reader.index.prepare import STOPPED, Prepared, prepare, prepared
from reader.index.writes import (
    Tally,
    forget_file,
    mark_copies,
    record_walk_problems,
    refresh_category_map,
    settle_ids,
    store_folder_names,
)
from reader.model import FolderError
from reader.scan import FileEntry, NeedsWalk, Walk, entry_at
from reader.sqlite import Transaction, is_corruption

Progress = Callable[[int, int], None]
StopCheck = Callable[[], bool]
BATCH = 500
# In a long sync: fewer, larger transactions. Each writes again most pages of the indexes whose
# order is not the files' (dates, titles, ids), so a million files in batches of 2,000 wrote 36 KB
# per file; in batches of 10,000 (and checkpoints spaced) 15 KB, in 0.6 of the time.
BIG_BATCH = 10_000
BATCH_CHARS = 6_000_000  # and no more text in one batch (memory): 10,000 short files, 1,500 long ones
BULK_CACHE_KIB = 32 * 1024  # the writer's page cache during a long sync (FTS5 merges reread pages)
BULK_CHECKPOINT_PAGES = 50_000  # pages written between checkpoints in a long sync (default 1,000)
RECOUNT_SECONDS = 1.0  # how often the category counts are brought up to date during a long sync


@dataclass(frozen=True, slots=True)
class Changes:
    """What a sync found: article ids added, changed and removed; files still being written."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    deferred: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


class IndexWriter:
    """The writer of a folder's index: full syncs, changed paths, and starting over."""

    def __init__(self, root: Path, index_file: Path, connections: ConnectionFactory) -> None:
        self.root = root
        self.index_file = index_file
        self._connections = connections

    def sync(
        self, progress: Progress | None = None, should_stop: StopCheck = lambda: False, settle: float = 0.0
    ) -> Changes:
        """Read new and changed files into the index; drop vanished ones (see `store_batch` for settle)."""
        try:
            return sync_folder(self._connections.get(), self.root, progress, should_stop, settle)
        except sqlite3.DatabaseError as error:
            if not is_corruption(error):
                raise
            self.rebuild()  # the index is only a cache: start a new one
            return sync_folder(self._connections.get(), self.root, progress, should_stop, settle)

    def sync_paths(self, paths: Iterable[str], settle: float = 0.0) -> Changes:
        """Bring the index up to date for changed paths (walking the folder when they need it)."""
        try:
            changes = sync_paths(self._connections.get(), self.root, paths, settle)
        except sqlite3.DatabaseError as error:
            if not is_corruption(error):
                raise
            changes = None
        return self.sync(settle=settle) if changes is None else changes

    def rebuild(self) -> None:
        """Throw the index away and start a new one: every thread reconnects before the file goes."""
        self._connections.reset()
        remove_index(self.index_file)


def sync_folder(
    db: sqlite3.Connection,
    root: Path,
    progress: Progress | None = None,
    should_stop: StopCheck = lambda: False,
    settle: float = 0.0,
) -> Changes:
    """Bring the index up to date with the folder; return what changed (so far, if stopped)."""
    if not root.is_dir():  # gone for now (unmounted, being replaced): keep what the index knows
        raise FolderError(f"{root}: the folder is not there any more")
    scan = Walk(root)
    todo, gone = compare(db, scan)
    tally = Tally()
    with Transaction(db):
        for path in gone:
            forget_file(db, path, tally)
        settle_ids(db, tally)  # an id a vanished file held goes to the next file asking for it
        mark_copies(db, tally.contents)
        folders_changed = store_folder_names(db, root, scan.folder_files, scan.problems)
        record_walk_problems(db, scan.problems)
    with _bulk(db, len(todo)) as size:
        _store_all(db, todo, size, tally, progress, should_stop, settle)
    if todo or gone or folders_changed:
        with Transaction(db):
            refresh_category_map(db)
    if progress and not todo:
        progress(0, 0)
    return _changes(tally)


def compare(db: sqlite3.Connection, walked: Iterable[FileEntry]) -> tuple[list[FileEntry], list[str]]:
    """(files new or changed, paths gone): the walk merged with the index's files, both in path order.

    A file whose last reading failed is always read again. Neither side is held in memory
    whole: a folder of a million files that has not changed costs a walk and one pass.
    """
    todo: list[FileEntry] = []
    gone: list[str] = []
    late: list[FileEntry] = []  # out of path order (never expected): looked up one by one
    rows = db.execute("SELECT path, size, mtime_ns, problem FROM files ORDER BY path")
    row = next(rows, None)
    previous = ""
    for entry in walked:
        if entry.relpath <= previous:
            late.append(entry)
            continue
        previous = entry.relpath
        while row is not None and row[0] < entry.relpath:
            gone.append(row[0])
            row = next(rows, None)
        matched, row = (row, next(rows, None)) if row is not None and row[0] == entry.relpath else (None, row)
        if _changed(entry, matched):
            todo.append(entry)
    gone += [path for path, *_ in ([row] if row else []) + rows.fetchall()]
    return _place_late(db, late, todo, gone)


def _changed(entry: FileEntry, row: tuple[str, int, int, str | None] | None) -> bool:
    """True for a file to read: new, changed, or whose last reading failed (unless that reading
    ended the process parsing it: that file is read again only once it changes)."""
    if row is None or (row[1], row[2]) != entry.signature:
        return True
    return bool(row[3]) and row[3] != STOPPED


def _place_late(
    db: sqlite3.Connection, late: list[FileEntry], todo: list[FileEntry], gone: list[str]
) -> tuple[list[FileEntry], list[str]]:
    """Files the walk gave out of order: compared with their own row, and not gone after all."""
    if not late:
        return todo, gone
    present = {entry.relpath for entry in late}
    for entry in late:
        found = db.execute(
            "SELECT path, size, mtime_ns, problem FROM files WHERE path = ?", (entry.relpath,)
        ).fetchone()
        if _changed(entry, found) and entry not in todo:
            todo.append(entry)
    return todo, [path for path in gone if path not in present]


def _store_all(
    db: sqlite3.Connection,
    todo: list[FileEntry],
    size: int,
    tally: Tally,
    progress: Progress | None,
    should_stop: StopCheck,
    settle: float,
) -> None:
    """Parse and store files in batches; the category counts follow the list as it grows."""
    done, recount_at = 0, time.monotonic() + RECOUNT_SECONDS
    for batch in _batches(prepared(todo), size):
        if should_stop():
            break
        with Transaction(db):
            store_batch(db, batch, tally, settle)
            if time.monotonic() > recount_at:
                started = time.monotonic()
                refresh_category_map(db)  # so that counts grow with the list on a first index
                recount_at = time.monotonic() + max(RECOUNT_SECONDS, 10 * (time.monotonic() - started))
        done += len(batch)
        if progress:
            progress(done, len(todo))


@contextmanager
def _bulk(db: sqlite3.Connection, count: int) -> Iterator[int]:
    """The batch size for this many files; a long sync also gets a larger page cache and
    fewer checkpoints (a page written by many batches is copied into the index once), given back after."""
    if count < 10 * BATCH:
        yield BATCH
        return
    (cache,) = db.execute("PRAGMA cache_size").fetchone()
    (checkpoint,) = db.execute("PRAGMA wal_autocheckpoint").fetchone()
    db.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    db.execute(f"PRAGMA wal_autocheckpoint={BULK_CHECKPOINT_PAGES}")
    try:
        yield BIG_BATCH
    except BaseException:
        with suppress(sqlite3.Error):  # the sync's own error is the one to hear (a damaged index is rebuilt)
            _give_back(db, cache, checkpoint)
        raise
    _give_back(db, cache, checkpoint)
    db.execute("PRAGMA main.wal_checkpoint(PASSIVE)")  # never waits: the next commit checkpoints the rest


def _give_back(db: sqlite3.Connection, cache: int, checkpoint: int) -> None:
    db.execute(f"PRAGMA cache_size={int(cache)}")
    db.execute(f"PRAGMA wal_autocheckpoint={int(checkpoint)}")


def sync_paths(
    db: sqlite3.Connection, root: Path, paths: Iterable[str], settle: float = 0.0
) -> Changes | None:
    """Update the index for just these changed paths; None when only a full walk will do."""
    if any(os.path.basename(path) == FOLDER_FILE for path in paths):
        return None  # a folder's name changed: its names are read by a walk
    try:
        found = dict(entry_at(root, path) for path in paths)
    except NeedsWalk:
        return None
    for relpath, entry in found.items():
        if entry is None and _has_files_below(db, relpath):
            return None  # a folder went away (or was renamed): walk
    ready = [
        prepare(entry) for _path, entry in sorted(found.items()) if entry is not None
    ]  # outside the lock
    tally = Tally()
    with Transaction(db):
        touched = _categories_of(db, list(found))
        for relpath in sorted(path for path, entry in found.items() if entry is None):
            forget_file(db, relpath, tally)  # first: a rename keeps custom ids
        settle_ids(db, tally)
        store_batch(db, ready, tally, settle)
        if tally.added or tally.removed or tally.changed:
            touched |= _categories_of(db, list(found))
            refresh_category_map(db, touched)
    return _changes(tally)


def _has_files_below(db: sqlite3.Connection, relpath: str) -> bool:
    """True when the index holds files inside a folder of this path: a range of the primary key
    ("a/" up to "a0", as "0" follows "/"), never a scan of every file."""
    below = db.execute(
        "SELECT 1 FROM files WHERE path >= ? AND path < ? LIMIT 1", (relpath + "/", relpath + "0")
    )
    return below.fetchone() is not None


def _categories_of(db: sqlite3.Connection, paths: list[str]) -> set[str]:
    """The categories of the articles at these paths and of their exact copies (whose counts
    change when the one counted goes or comes)."""
    contents = _column_where(db, "content_key", "path", paths)
    return _column_where(db, "raw_cat", "path", paths) | _column_where(db, "raw_cat", "content_key", contents)


def _column_where(db: sqlite3.Connection, wanted: str, column: str, values: Iterable[Any]) -> set[Any]:
    values = sorted(values)
    found: set[Any] = set()
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        sql = f"SELECT {wanted} FROM articles WHERE {column} IN ({','.join('?' * len(chunk))})"
        found.update(row[0] for row in db.execute(sql, chunk))
    return found


def _changes(tally: Tally) -> Changes:
    added = set(tally.added) - set(tally.removed)
    changed = (set(tally.added) & set(tally.removed)) | set(tally.changed)
    removed = set(tally.removed) - set(tally.added)
    return Changes(
        tuple(sorted(added)),
        tuple(sorted(changed)),
        tuple(sorted(removed)),
        tuple(sorted(set(tally.deferred))),
    )


def _batches(items: Iterable[Prepared], size: int) -> Iterator[list[Prepared]]:
    """Batches growing from BATCH files to `size` (the first articles are listed soon), each
    cut short when its text passes BATCH_CHARS."""
    batch: list[Prepared] = []
    chars, wanted = 0, min(BATCH, size)
    for item in items:
        batch.append(item)
        chars += _text_chars(item)
        if len(batch) >= wanted or chars >= BATCH_CHARS:
            yield batch
            batch, chars, wanted = [], 0, min(2 * wanted, size)
    if batch:
        yield batch


def _text_chars(item: Prepared) -> int:
    row = item.row
    return 0 if row is None else len(row[11]) + len(row[12])  # the lead and the body
