"""Reconciling the index with the folder: parse only new and changed files.

A walk of the folder gives (path, size, mtime) for every article file; files whose
signature matches the index are skipped, new and changed ones are parsed (in
several processes when there are many), vanished ones are removed. Work is
committed in batches so that a reader sees articles arrive during a first index.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.index.connections import ConnectionFactory
from reader.index.db import remove_index
from reader.index.rows import ARTICLE_COLUMNS, category_map, fts_values, to_row, with_free_id
from reader.model import Problem
from reader.scan import FileEntry, NeedsWalk, entry_at, read_entry, scan_folder
from reader.sqlite import Transaction, is_corruption

Progress = Callable[[int, int], None]
StopCheck = Callable[[], bool]
BATCH = 500
PARALLEL_FROM = int(os.environ.get("NEWSDESK_PARALLEL_FROM", "4000"))
_INSERT = f"INSERT INTO articles ({ARTICLE_COLUMNS}) VALUES ({', '.join('?' * 20)})"
_INSERT_WITH_ROWID = f"INSERT INTO articles (rowid, {ARTICLE_COLUMNS}) VALUES ({', '.join('?' * 21)})"
_FTS_COLUMNS = "title, lead, body, category, author, tags"


@dataclass(frozen=True, slots=True)
class Changes:
    """What a sync found: article ids added, changed and removed."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass(slots=True)
class _Tally:
    added: list[str]
    changed: list[str]
    removed: list[str]


class IndexWriter:
    """The one writer of a folder's index: full syncs, changed paths, and starting over."""

    def __init__(self, root: Path, index_file: Path, connections: ConnectionFactory) -> None:
        self.root = root
        self.index_file = index_file
        self._connections = connections

    def sync(self, progress: Progress | None = None, should_stop: StopCheck = lambda: False) -> Changes:
        """Read new and changed files into the index; drop vanished ones."""
        try:
            return sync_folder(self._connections.get(), self.root, progress, should_stop)
        except sqlite3.DatabaseError as error:
            if not is_corruption(error):
                raise
            self.rebuild()  # the index is only a cache: start a new one
            return sync_folder(self._connections.get(), self.root, progress, should_stop)

    def sync_paths(self, paths: Iterable[str]) -> Changes:
        """Bring the index up to date for changed paths (walking the folder when they need it)."""
        try:
            changes = sync_paths(self._connections.get(), self.root, paths)
        except sqlite3.DatabaseError as error:
            if not is_corruption(error):
                raise
            changes = None
        return self.sync() if changes is None else changes

    def rebuild(self) -> None:
        """Throw the index away and start a new one: every thread reconnects before the file goes."""
        self._connections.reset()
        remove_index(self.index_file)


def sync_folder(
    db: sqlite3.Connection,
    root: Path,
    progress: Progress | None = None,
    should_stop: StopCheck = lambda: False,
) -> Changes:
    """Bring the index up to date with the folder; return what changed (so far, if stopped)."""
    scan = scan_folder(root)
    known: dict[str, tuple[int, int] | None] = {
        path: None if problem else (size, mtime)  # a file that failed is always read again
        for path, size, mtime, problem in db.execute("SELECT path, size, mtime_ns, problem FROM files")
    }
    present = {entry.relpath for entry in scan.files}
    todo = [e for e in scan.files if known.get(e.relpath) != (e.size, e.mtime_ns)]
    gone = [path for path in known if path not in present]
    tally = _Tally([], [], [])
    with Transaction(db):
        for path in gone:
            tally.removed.extend(_forget_file(db, path))
        _record_walk_problems(db, scan.problems)
    done = 0
    ids = _IdBook(db)
    for batch in _batches(_prepared(todo), BATCH):
        if should_stop():
            break
        with Transaction(db):
            fresh = [item for item in batch if item.entry.relpath not in known]
            for item in batch:
                if item.entry.relpath in known:
                    _store(db, item, tally, replacing=True)
            _store_new(db, fresh, tally, ids)
            if (done // BATCH) % 10 == 9:
                refresh_category_map(db)  # so that counts grow with the list on a first index
        done += len(batch)
        if progress:
            progress(done, len(todo))
    if todo or gone:
        with Transaction(db):
            refresh_category_map(db)
    if progress and not todo:
        progress(0, 0)
    return _changes(tally)


def sync_paths(db: sqlite3.Connection, root: Path, paths: Iterable[str]) -> Changes | None:
    """Update the index for just these changed paths; None when only a full walk will do."""
    tally = _Tally([], [], [])
    try:
        found = dict(entry_at(root, path) for path in paths)
    except NeedsWalk:
        return None
    for relpath, entry in found.items():
        below = db.execute(
            "SELECT 1 FROM files WHERE substr(path, 1, ?) = ? LIMIT 1", (len(relpath) + 1, relpath + "/")
        )
        if entry is None and below.fetchone() is not None:
            return None  # a folder went away (or was renamed): walk
    with Transaction(db):
        for relpath, entry in sorted(found.items(), key=lambda item: item[1] is not None):
            known = db.execute("SELECT size, mtime_ns FROM files WHERE path = ?", (relpath,)).fetchone()
            if entry is None:
                if known is not None:
                    tally.removed.extend(_forget_file(db, relpath))
            elif known is None or tuple(known) != (entry.size, entry.mtime_ns):
                _store(db, prepare(entry), tally, replacing=known is not None)
        if tally.added or tally.removed or tally.changed:
            refresh_category_map(db)
    return _changes(tally)


def _changes(tally: _Tally) -> Changes:
    added = set(tally.added) - set(tally.removed)
    changed = (set(tally.added) & set(tally.removed)) | set(tally.changed)
    removed = set(tally.removed) - set(tally.added)
    return Changes(tuple(sorted(added)), tuple(sorted(changed)), tuple(sorted(removed)))


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file read and parsed, with its index row ready (or the problem it had)."""

    entry: FileEntry
    row: tuple[Any, ...] | None
    problem: str | None


def prepare(entry: FileEntry) -> Prepared:
    """Read, parse and turn into an index row: the part of indexing that runs in parallel."""
    outcome = read_entry(entry)
    if isinstance(outcome, Problem):
        return Prepared(entry, None, outcome.reason)
    return Prepared(entry, to_row(outcome), None)


def _prepared(entries: list[FileEntry]) -> Iterator[Prepared]:
    """Prepare files, in a pool of processes when there are many of them."""
    if len(entries) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        yield from map(prepare, entries)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")  # never fork a threaded process
    real_streams()
    workers = max(min((os.cpu_count() or 2) - 1, 8), 1)  # the main process writes the index
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        yield from pool.map(prepare, entries, chunksize=64)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # a stopped sync does not wait for the rest


def real_streams() -> None:
    """Start multiprocessing's resource tracker with the real stderr.

    A full-screen app replaces sys.stderr with an object without a file number, and
    the tracker, started on first use, would be handed -1 ("bad value(s) in
    fds_to_keep"). Starting it here, with the real streams, avoids that.
    """
    from multiprocessing import resource_tracker

    saved = sys.stdout, sys.stderr
    try:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        resource_tracker.ensure_running()
    finally:
        sys.stdout, sys.stderr = saved


def _batches(items: Iterable[Prepared], size: int) -> Iterator[list[Prepared]]:
    batch: list[Prepared] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _store(db: sqlite3.Connection, item: Prepared, tally: _Tally, *, replacing: bool) -> None:
    """Replace whatever the index had for this file with the new outcome."""
    previous = _forget_file(db, item.entry.relpath) if replacing else []
    rowid = None
    if item.row is not None:
        rowid, new_id = _insert_article(db, item.row)
        (tally.changed if new_id in previous else tally.added).append(new_id)
        previous = [old for old in previous if old != new_id]
    tally.removed.extend(previous)
    db.execute(
        "INSERT INTO files (path, size, mtime_ns, article, problem) VALUES (?, ?, ?, ?, ?)",
        (item.entry.relpath, item.entry.size, item.entry.mtime_ns, rowid, item.problem),
    )


class _IdBook:
    """Article ids already taken, and the next free row id, for inserting many at once."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.taken: dict[str, str] | None = None
        self.next_rowid = 0

    def load(self) -> dict[str, str]:
        if self.taken is None:
            self.taken = dict(self.db.execute("SELECT id, path FROM articles"))
            self.next_rowid = int(
                self.db.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
            )
        return self.taken


def _store_new(db: sqlite3.Connection, items: list[Prepared], tally: _Tally, ids: _IdBook) -> None:
    """Insert files the index has never seen, in three statements for the whole batch."""
    taken = ids.load()
    ids.next_rowid = int(db.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0])
    articles, texts, files = [], [], []
    for item in items:
        rowid = None
        if item.row is not None:
            row = item.row
            if row[0] in taken:
                row = with_free_id(row, taken[row[0]], taken.__contains__)
            ids.next_rowid += 1
            rowid = ids.next_rowid
            taken[row[0]] = row[1]
            articles.append((rowid, *row))
            texts.append((rowid, *fts_values(row)))
            tally.added.append(str(row[0]))
        files.append((item.entry.relpath, item.entry.size, item.entry.mtime_ns, rowid, item.problem))
    db.executemany(_INSERT_WITH_ROWID, articles)
    db.executemany(f"INSERT INTO fts (rowid, {_FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", texts)
    db.executemany("INSERT INTO files (path, size, mtime_ns, article, problem) VALUES (?, ?, ?, ?, ?)", files)


def _insert_article(db: sqlite3.Connection, row: tuple[Any, ...]) -> tuple[int, str]:
    """Insert an article row and its full-text entry; a taken id falls back to the path."""
    holder = db.execute("SELECT path FROM articles WHERE id = ?", (row[0],)).fetchone()
    if holder is not None:
        row = with_free_id(row, holder[0], lambda candidate: _id_taken(db, candidate))
    cursor = db.execute(_INSERT, row)
    rowid = int(cursor.lastrowid or 0)
    values = (rowid, *fts_values(row))
    db.execute(f"INSERT INTO fts (rowid, {_FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", values)
    return rowid, str(row[0])


def _id_taken(db: sqlite3.Connection, article_id: str) -> bool:
    return db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None


def _forget_file(db: sqlite3.Connection, path: str) -> list[str]:
    """Remove a file's article (and full-text entry) from the index; return its id."""
    found = db.execute("SELECT article FROM files WHERE path = ?", (path,)).fetchone()
    db.execute("DELETE FROM files WHERE path = ?", (path,))
    if not found or found[0] is None:
        return []
    row = db.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE rowid = ?", (found[0],)).fetchone()
    if row is None:
        return []
    db.execute(
        f"INSERT INTO fts (fts, rowid, {_FTS_COLUMNS}) VALUES ('delete', ?, ?, ?, ?, ?, ?, ?)",
        (found[0], *fts_values(row)),
    )
    db.execute("DELETE FROM articles WHERE rowid = ?", (found[0],))
    return [row[0]]


def _record_walk_problems(db: sqlite3.Connection, problems: list[Problem]) -> None:
    """Folders that could not be walked and links that were refused, kept as files rows."""
    db.execute("DELETE FROM files WHERE size = -1")
    db.executemany(
        "INSERT OR REPLACE INTO files (path, size, mtime_ns, article, problem) VALUES (?, -1, 0, NULL, ?)",
        [(p.path, p.reason) for p in problems],
    )


def refresh_category_map(db: sqlite3.Connection) -> None:
    """Recompute every category's key and display names from the articles' categories."""
    counts = db.execute("SELECT raw_cat, count(*) FROM articles GROUP BY raw_cat").fetchall()
    db.execute("DELETE FROM catmap")
    articles = dict(counts)
    rows = [(*row, articles[row[0]]) for row in category_map(counts)]
    db.executemany("INSERT INTO catmap (raw_cat, cat_key, names, articles) VALUES (?, ?, ?, ?)", rows)
