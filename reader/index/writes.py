"""Writing files' outcomes into the index: run inside a write transaction, reading what they need there.

Every function here expects its caller to hold `BEGIN IMMEDIATE`, so what it reads
is what it writes over: another process that indexed the same files a moment ago
is seen, and its work kept or replaced, never inserted twice.
"""

from __future__ import annotations

import posixpath
import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader.categories import slug_path
from reader.folders import FolderName, read_folder_file
from reader.index.claims import IdChooser, settle
from reader.index.prepare import Prepared
from reader.index.rows import ARTICLE_COLUMNS, category_map, fts_values
from reader.model import ParseError, Problem
from reader.scan import FileEntry, read_limited

_FTS_COLUMNS = "title, lead, body, category, author, tags"
_MARKS = ", ?" * len(ARTICLE_COLUMNS.split(","))
_INSERT = f"INSERT INTO articles (rowid, {ARTICLE_COLUMNS}) VALUES (?{_MARKS})"
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
    contents: set[int] = field(default_factory=set)  # content keys whose copies must be looked at again
    released: set[str] = field(default_factory=set)  # ids that files gave up: another may ask for them

    def merge(self, other: Tally) -> None:
        """Add what another tally saw (the part of a batch that was stored)."""
        self.added += other.added
        self.changed += other.changed
        self.removed += other.removed
        self.deferred += other.deferred
        self.contents |= other.contents
        self.released |= other.released


@dataclass(frozen=True, slots=True)
class _Known:
    """What the index holds for a file."""

    size: int
    mtime_ns: int
    article: int | None
    problem: str | None


def store_files(db: sqlite3.Connection, items: list[Prepared], tally: Tally, settled_by: float) -> None:
    """Make the index hold these files as they were read (skipping what is already in).

    A file that cannot be read and changed after `settled_by` (a time) is probably still
    being written: it is left for later (`tally.deferred`), not reported.
    """
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
            _store_failure(db, item, held, tally, settled_by)
            continue
        if held is not None:
            forget_file(db, entry.relpath, tally)  # its old article goes; the same id back means changed
        fresh.append(item)
    _insert_fresh(db, fresh, tally)


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


def record_problem(db: sqlite3.Connection, entry: FileEntry, reason: str, tally: Tally) -> None:
    """List a file as a problem (its last article that could be stored, if any, kept)."""
    held = _known(db, [entry.relpath]).get(entry.relpath)
    _store_failure(db, Prepared(entry, None, reason), held, tally, float("inf"))


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


def _insert_fresh(db: sqlite3.Connection, items: list[Prepared], tally: Tally) -> None:
    """Insert files the index does not hold, in a few statements for the whole batch; then settle ids."""
    if not items:
        return
    ids = IdChooser(db, [item.row[0] for item in items if item.row is not None])
    next_rowid = int(db.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0])
    articles, exact, folded, files = [], [], [], []
    for item in items:
        rowid = None
        if item.row is not None:
            row = (ids.choose(item.row[0], item.row[1]), *item.row[1:])
            next_rowid += 1
            rowid = next_rowid
            articles.append((rowid, *row))
            texts = item.texts if item.texts[0] else fts_values(row)  # made beside the row, in parallel
            exact.append((rowid, *texts[0]))
            folded.append((rowid, *texts[1]))
            tally.contents.add(row[20])
        files.append((item.entry.relpath, item.entry.size, item.entry.mtime_ns, rowid, item.problem))
    db.executemany(_INSERT, articles)
    db.executemany(_INSERT_EXACT, exact)
    db.executemany(_INSERT_FTS, folded)
    db.executemany(_UPSERT_FILE, files)
    fresh = {int(values[0]): str(values[1]) for values in articles}
    settle_ids(db, tally, ids.disputed, fresh)
    tally.added += fresh.values()


def settle_ids(
    db: sqlite3.Connection, tally: Tally, disputed: Iterable[str] = (), fresh: dict[int, str] | None = None
) -> None:
    """Give the ids files gave up, and those in dispute, to the first file by path asking for each.

    A rename of a row in `fresh` (rowid -> id: rows just inserted) updates it there;
    others are noted in the tally, the old id as removed, the new one as added.
    """
    fresh = {} if fresh is None else fresh
    for rowid, old, new in settle(db, {*disputed, *tally.released}):
        if rowid in fresh:
            fresh[rowid] = new
        else:
            tally.removed.append(old)
            tally.added.append(new)
    tally.released.clear()


def forget_file(db: sqlite3.Connection, path: str, tally: Tally) -> None:
    """Remove a file's article (and full-text entry) from the index, noting its id in `tally.removed`.

    The article's content key goes into `tally.contents` (a copy of it may now be the one
    shown) and the id it asked for into `tally.released` (another file may take it over).
    """
    found = db.execute("SELECT article FROM files WHERE path = ?", (path,)).fetchone()
    db.execute("DELETE FROM files WHERE path = ?", (path,))
    if not found or found[0] is None:
        return
    row = db.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE rowid = ?", (found[0],)).fetchone()
    if row is None:
        return
    exact, folded = fts_values(row)
    for table, values in (("fts_exact", exact), ("fts", folded)):
        db.execute(
            f"INSERT INTO {table} ({table}, rowid, {_FTS_COLUMNS}) VALUES ('delete', ?, ?, ?, ?, ?, ?, ?)",
            (found[0], *values),
        )
    db.execute("DELETE FROM articles WHERE rowid = ?", (found[0],))
    tally.contents.add(row[20])
    tally.released.add(row[21])
    tally.removed.append(row[0])


def mark_copies(db: sqlite3.Connection, contents: set[int]) -> None:
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
        first: dict[int, int] = {}
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


def refresh_category_map(db: sqlite3.Connection, touched: Collection[str] | None = None) -> None:
    """Recompute every category's key and display names from the articles' categories.

    With `touched`, only those categories are counted again (the others keep their
    counts): what a few changed files cost in a folder of a million articles.
    """
    count = "SELECT raw_cat, count(*) FILTER (WHERE copy_of IS NULL) FROM articles"
    if touched is None:
        counts = db.execute(f"{count} GROUP BY raw_cat").fetchall()
    else:
        kept = db.execute("SELECT raw_cat, articles FROM catmap").fetchall()
        marks = ",".join("?" * len(touched))
        fresh = db.execute(f"{count} WHERE raw_cat IN ({marks}) GROUP BY raw_cat", list(touched)).fetchall()
        counts = [row for row in kept if row[0] not in touched] + fresh
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
