"""Writing files' outcomes into the index: run inside a write transaction, reading what they need there.

Every function here expects its caller to hold `BEGIN IMMEDIATE`, so what it reads
is what it writes over: another process that indexed the same files a moment ago
is seen, and its work kept or replaced, never inserted twice.
"""

from __future__ import annotations

import posixpath
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.categories import slug_path
from reader.folders import FolderName, read_folder_file
from reader.index.prepare import Prepared
from reader.index.rows import ARTICLE_COLUMNS, category_map, fts_values, with_free_id
from reader.model import ParseError, Problem
from reader.scan import FileEntry, read_limited

_FTS_COLUMNS = "title, lead, body, category, author, tags"
_INSERT = f"INSERT INTO articles (rowid, {ARTICLE_COLUMNS}) VALUES ({', '.join('?' * 22)})"
_INSERT_FTS = f"INSERT INTO fts (rowid, {_FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
_INSERT_EXACT = f"INSERT INTO fts_exact (rowid, {_FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
_UPSERT_FILE = (
    "INSERT INTO files (path, size, mtime_ns, article, problem) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, "
    "article = excluded.article, problem = excluded.problem"
)
_CHUNK = 500


@dataclass(slots=True)
class Tally:
    """What a sync did so far: article ids added, changed and removed; files left for later."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)
    contents: set[str] = field(default_factory=set)  # content keys whose copies must be looked at again


@dataclass(frozen=True, slots=True)
class _Known:
    """What the index holds for a file."""

    size: int
    mtime_ns: int
    article: int | None
    problem: str | None


def store_batch(db: sqlite3.Connection, items: list[Prepared], tally: Tally, settle: float = 0.0) -> None:
    """Make the index hold these files as they were read (skipping what is already in).

    A file that cannot be read and changed less than `settle` seconds ago is probably
    still being written: it is left for later (`tally.deferred`), not reported.
    """
    now = time.time()
    known = _known(db, [item.entry.relpath for item in items])
    fresh: list[Prepared] = []
    for item in items:
        entry, held = item.entry, known.get(item.entry.relpath)
        if held is not None and (held.size, held.mtime_ns, held.problem) == (
            entry.size,
            entry.mtime_ns,
            None,
        ):
            continue  # this version is in already: another process stored it
        if item.row is None:
            _store_failure(db, item, held, tally, now - settle)
        elif held is not None:
            _replace(db, item, tally)
        else:
            fresh.append(item)
    _insert_fresh(db, fresh, tally)
    mark_copies(db, tally.contents)


def _known(db: sqlite3.Connection, paths: list[str]) -> dict[str, _Known]:
    found: dict[str, _Known] = {}
    for start in range(0, len(paths), _CHUNK):
        chunk = paths[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT path, size, mtime_ns, article, problem FROM files WHERE path IN ({marks})", chunk
        )
        found.update((row[0], _Known(*row[1:])) for row in rows)
    return found


def _store_failure(
    db: sqlite3.Connection, item: Prepared, held: _Known | None, tally: Tally, settled_by: float
) -> None:
    """A file that cannot be read: later if it is still being written; else a problem, its last text kept."""
    entry = item.entry
    if entry.mtime_ns / 1e9 > settled_by:
        tally.deferred.append(entry.ospath)  # not a problem yet: look again once it has settled
        return
    article = held.article if held is not None else None
    db.execute(_UPSERT_FILE, (entry.relpath, entry.size, entry.mtime_ns, article, item.problem))
    if article is not None:
        row = db.execute("SELECT id FROM articles WHERE rowid = ?", (article,)).fetchone()
        if row is not None:
            tally.changed.append(str(row[0]))  # still listed, now marked as having a problem


def _replace(db: sqlite3.Connection, item: Prepared, tally: Tally) -> None:
    """A file the index knew: its old article goes, the new one comes (same id: changed)."""
    previous = forget_file(db, item.entry.relpath, tally.contents)
    before = len(tally.added)
    _insert_fresh(db, [item], tally)
    new_ids = tally.added[before:]
    for article_id in previous:
        if article_id in new_ids:
            tally.added.remove(article_id)
            tally.changed.append(article_id)
        else:
            tally.removed.append(article_id)


def _insert_fresh(db: sqlite3.Connection, items: list[Prepared], tally: Tally) -> None:
    """Insert files the index does not hold, in three statements for the whole batch."""
    if not items:
        return
    ids = _IdClaims(db, [item.row[0] for item in items if item.row is not None], tally)
    next_rowid = int(db.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0])
    articles, exact, folded, files = [], [], [], []
    for item in items:
        rowid = None
        if item.row is not None:
            row = ids.claim(item.row)
            next_rowid += 1
            rowid = next_rowid
            articles.append((rowid, *row))
            texts = item.texts if item.texts[0] else fts_values(row)  # made beside the row, in parallel
            exact.append((rowid, *texts[0]))
            folded.append((rowid, *texts[1]))
            tally.contents.add(row[20])
            tally.added.append(str(row[0]))
        files.append((item.entry.relpath, item.entry.size, item.entry.mtime_ns, rowid, item.problem))
    db.executemany(_INSERT, articles)
    db.executemany(_INSERT_EXACT, exact)
    db.executemany(_INSERT_FTS, folded)
    db.executemany(_UPSERT_FILE, files)


class _IdClaims:
    """Who holds the ids a batch wants; when two files claim one, the first path (by name) has it.

    The rule does not depend on the order files are indexed in, so after the cache is
    deleted the same file gets the id again, and with it its read and starred marks.
    """

    def __init__(self, db: sqlite3.Connection, wanted: list[str], tally: Tally) -> None:
        self.db = db
        self.tally = tally
        self.taken: dict[str, str] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            self.taken.update(db.execute(f"SELECT id, path FROM articles WHERE id IN ({marks})", chunk))

    def claim(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        """The row, with its own id if it may have it, else a free one (and a warning)."""
        article_id, path = row[0], row[1]
        holder = self.taken.get(article_id)
        if holder is not None and path < holder and self._rekey(article_id, holder, path):
            holder = None
        if holder is not None:
            row = with_free_id(row, holder, self._is_taken)
        self.taken[row[0]] = path
        return row

    def _rekey(self, article_id: str, holder: str, path: str) -> bool:
        """Give the holder of an id a free one, because `path` comes first; False if it is not in yet."""
        found = self.db.execute(
            f"SELECT rowid, {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if found is None:
            return False  # claimed earlier in this batch: that row gives way below instead
        rekeyed = with_free_id(tuple(found[1:]), path, self._is_taken)
        self.db.execute(
            "UPDATE articles SET id = ?, problems = ? WHERE rowid = ?", (rekeyed[0], rekeyed[19], found[0])
        )
        self.taken[rekeyed[0]] = holder
        self.tally.removed.append(article_id)
        self.tally.added.append(str(rekeyed[0]))
        return True

    def _is_taken(self, candidate: str) -> bool:
        if candidate in self.taken:
            return True
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone() is not None


def forget_file(db: sqlite3.Connection, path: str, contents: set[str] | None = None) -> list[str]:
    """Remove a file's article (and full-text entry) from the index; return the id it had.

    The article's content key goes into `contents`: a copy of it may now be the one shown.
    """
    found = db.execute("SELECT article FROM files WHERE path = ?", (path,)).fetchone()
    db.execute("DELETE FROM files WHERE path = ?", (path,))
    if not found or found[0] is None:
        return []
    row = db.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE rowid = ?", (found[0],)).fetchone()
    if row is None:
        return []
    exact, folded = fts_values(row)
    for table, values in (("fts_exact", exact), ("fts", folded)):
        db.execute(
            f"INSERT INTO {table} ({table}, rowid, {_FTS_COLUMNS}) VALUES ('delete', ?, ?, ?, ?, ?, ?, ?)",
            (found[0], *values),
        )
    db.execute("DELETE FROM articles WHERE rowid = ?", (found[0],))
    if contents is not None:
        contents.add(row[20])
    return [row[0]]


def mark_copies(db: sqlite3.Connection, contents: set[str]) -> None:
    """Of the articles with each content key, the first by path is shown; the others are its copies."""
    keys = sorted(contents)
    contents.clear()
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT rowid, content_key, copy_of FROM articles WHERE content_key IN ({marks}) "
            "ORDER BY content_key, path",
            chunk,
        )
        first: dict[str, int] = {}
        changes = []
        for rowid, key, copy_of in rows:
            original = first.setdefault(key, rowid)
            wanted = None if original == rowid else original
            if wanted != copy_of:
                changes.append((wanted, rowid))
        db.executemany("UPDATE articles SET copy_of = ? WHERE rowid = ?", changes)


def store_folder_names(
    db: sqlite3.Connection, root: Path, found: Iterable[FileEntry], problems: list[Problem]
) -> bool:
    """Read the folders' name files into the index (a broken one joins `problems`); True if any changed."""
    names: dict[str, tuple[str, int | None]] = {}
    for entry in found:
        folder = posixpath.dirname(entry.relpath)
        try:
            declared = read_folder_file(read_limited(entry.ospath))
        except OSError as error:
            problems.append(Problem(entry.relpath, error.strerror or str(error)))
            continue
        except ParseError as error:
            problems.append(Problem(entry.relpath, str(error)))
            continue
        names[folder] = (declared.name, declared.position)
    held = {folder: (name, position) for folder, name, position in db.execute("SELECT * FROM folders")}
    if held == names:
        return False
    db.execute("DELETE FROM folders")
    db.executemany(
        "INSERT INTO folders (folder, name, position) VALUES (?, ?, ?)", [(f, *v) for f, v in names.items()]
    )
    return True


def record_walk_problems(db: sqlite3.Connection, problems: Iterable[Problem]) -> None:
    """Folders that could not be walked and links that were refused, kept as files rows."""
    db.execute("DELETE FROM files WHERE size = -1")
    db.executemany(
        "INSERT OR REPLACE INTO files (path, size, mtime_ns, article, problem) VALUES (?, -1, 0, NULL, ?)",
        [(p.path, p.reason) for p in problems],
    )


def refresh_category_map(db: sqlite3.Connection) -> None:
    """Recompute every category's key and display names from the articles' categories."""
    counts = db.execute(
        "SELECT raw_cat, count(*) FILTER (WHERE copy_of IS NULL) FROM articles GROUP BY raw_cat"
    ).fetchall()
    folders = {
        slug_path(folder.split("/")): FolderName(name, position)
        for folder, name, position in db.execute("SELECT folder, name, position FROM folders")
    }
    db.execute("DELETE FROM catmap")
    articles = dict(counts)
    rows = [(*row, articles[row[0]]) for row in category_map(counts, folders)]
    db.executemany(
        "INSERT INTO catmap (raw_cat, cat_key, names, positions, articles) VALUES (?, ?, ?, ?, ?)", rows
    )
