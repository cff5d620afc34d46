"""The facade the CLI and the TUI share: open a folder, list, get, relate, categorise.

Everything is answered from the SQLite index (a cache in the user cache directory);
`sync` brings the index up to date with the folder. Bodies stay on disk until an
article is asked for.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from reader.formats import EXTENSIONS
from reader.index.db import connect, index_path, remove_index
from reader.index.records import Hit, Summary
from reader.index.rows import ARTICLE_COLUMNS, from_row
from reader.index.stories import IndexLookups, StoryQueries
from reader.index.sync import Changes, Progress, sync_folder, sync_paths
from reader.index.views import ViewQueries
from reader.model import Article, FolderError, NotFound, Problem, Published
from reader.related import resolve
from reader.scan import display_path
from reader.state import is_corruption

__all__ = ["Changes", "Hit", "Library", "Summary", "resolve_root"]


def resolve_root(directory: str | os.PathLike[str] | None) -> Path:
    """The article folder: the argument, else $NEWSDESK_DIR, else ./articles."""
    if directory is None:
        directory = os.environ.get("NEWSDESK_DIR") or None
    if directory is None:
        if Path("articles").is_dir():
            return Path("articles")
        raise FolderError("no article folder: pass -d DIR, set NEWSDESK_DIR, or run where ./articles exists")
    root = Path(directory)
    if not root.is_dir():
        raise FolderError(f"{root}: not a folder")
    return root


class Library(ViewQueries, StoryQueries):
    """A folder of article files, indexed, with its categories and related links."""

    def __init__(self, root: Path, *, index: Path | None = None, state: Path | None = None) -> None:
        self.root = root
        self.index_file = index or index_path(root)
        self.state_file = state
        self._local = threading.local()
        self._generation = 0
        self._names: dict[str, tuple[tuple[str, ...], str]] = {}
        self._names_version = -1

    @classmethod
    def open(cls, directory: str | os.PathLike[str] | None, progress: Progress | None = None) -> Library:
        """Open a folder and bring its index up to date."""
        library = cls(resolve_root(directory))
        library.sync(progress)
        return library

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection to the index (each thread gets its own)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None and getattr(self._local, "generation", -1) != self._generation:
            db.close()  # the index was rebuilt by another thread: this file is gone
            db = None
        if db is None:
            db = connect(self.index_file)
            db.row_factory = sqlite3.Row
            if self.state_file is not None:
                db.execute(
                    "ATTACH DATABASE ? AS state", (Path(self.state_file).resolve().as_uri() + "?mode=ro",)
                )
            self._local.db = db
            self._local.generation = self._generation
        return db

    def sync(self, progress: Progress | None = None) -> Changes:
        """Read new and changed files into the index; drop vanished ones."""
        self._names_version = -1
        try:
            return sync_folder(self.db, self.root, progress)
        except sqlite3.DatabaseError as error:
            if not is_corruption(error):
                raise
            self.rebuild()  # the index is only a cache: start a new one
            return sync_folder(self.db, self.root, progress)

    scan = sync

    def sync_changed(self, paths: Iterable[str]) -> Changes:
        """Bring the index up to date for changed paths (falling back to a full sync)."""
        self._names_version = -1
        try:
            changes = sync_paths(self.db, self.root, paths)
        except sqlite3.DatabaseError:
            changes = None
        return self.sync() if changes is None else changes

    def rebuild(self) -> None:
        """Throw the index away and start a new one (it is only a cache)."""
        self._generation += 1
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
        remove_index(self.index_file)

    def close(self) -> None:
        """Close this thread's connection."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # Categories ---------------------------------------------------------------

    # Listing --------------------------------------------------------------------

    def summaries(self, rowids: list[int]) -> dict[int, Summary]:
        """List rows for some row ids (at most a screenful is asked for at a time)."""
        names = self._category_names()
        marks = ",".join("?" * len(rowids))
        rows = self.db.execute(
            f"SELECT rowid, id, title, published, has_time, raw_cat FROM articles WHERE rowid IN ({marks})",
            rowids,
        )
        found = {}
        for row in rows:
            published = Published(datetime.fromisoformat(row[3]), bool(row[4])) if row[3] else None
            category = names.get(row[5], ((), ""))[0] or tuple(json.loads(row[5])[0])
            found[row[0]] = Summary(row[0], row[1], row[2], published, category)
        return found

    def rowid_of(self, article_id: str) -> int | None:
        """The row id of an article id."""
        row = self.db.execute("SELECT rowid FROM articles WHERE id = ?", (article_id,)).fetchone()
        return int(row[0]) if row else None

    def articles(
        self,
        *,
        category: str | tuple[str, ...] | None = None,
        limit: int | None = None,
        with_body: bool = False,
    ) -> list[Article]:
        """Whole articles, newest first (the command line's list)."""
        key = self.category_key_of(category) if category else None
        rowids = self.view_rowids(category=key)
        return list(self._articles(rowids[:limit] if limit is not None else rowids, with_body))

    def articles_by_rowid(self, rowids: list[int], *, with_body: bool = False) -> list[Article]:
        """Whole articles for some row ids, in that order."""
        return list(self._articles(rowids, with_body))

    def _articles(self, rowids: list[int], with_body: bool) -> Iterator[Article]:
        columns = ARTICLE_COLUMNS if with_body else ARTICLE_COLUMNS.replace(" body,", "")
        names = self._category_names()
        for start in range(0, len(rowids), 500):
            chunk = rowids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = {
                r["rowid"]: r
                for r in self.db.execute(
                    f"SELECT rowid, {columns} FROM articles WHERE rowid IN ({marks})", chunk
                )
            }
            for rowid in chunk:
                if rowid in rows:
                    yield from_row(rows[rowid], names.get(rows[rowid]["raw_cat"], ((), ""))[0])

    def get(self, ref: str) -> Article:
        """One whole article by id or by path (relative to the root, or as given on a command line)."""
        rowid = self.rowid_of(ref) or self._rowid_by_path(ref)
        if rowid is None:
            raise NotFound(f"no article {ref!r}")
        return next(self._articles([rowid], with_body=True))

    def _rowid_by_path(self, ref: str) -> int | None:
        candidates = [ref]
        if os.path.exists(ref):
            relative = os.path.relpath(os.path.realpath(ref), os.path.realpath(self.root))
            if not relative.startswith(".."):
                candidates.append(display_path(Path(relative).as_posix()))
        for candidate in candidates:
            row = self.db.execute("SELECT rowid FROM articles WHERE path = ?", (candidate,)).fetchone()
            if row is None and os.path.splitext(candidate)[1].lower() not in EXTENSIONS:
                row = self.db.execute("SELECT rowid FROM articles WHERE id = ?", (candidate,)).fetchone()
            if row is not None:
                return int(row[0])
        return None

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    # Problems -----------------------------------------------------------------------

    def unreadable_count(self) -> int:
        """How many files could not be read or parsed."""
        return int(self.db.execute("SELECT count(*) FROM files WHERE problem IS NOT NULL").fetchone()[0])

    def problems(self) -> list[Problem]:
        """Files that could not be read or parsed, then warnings about those that were."""
        errors = [
            Problem(r[0], r[1])
            for r in self.db.execute(
                "SELECT path, problem FROM files WHERE problem IS NOT NULL ORDER BY path"
            )
        ]
        warnings = [
            Problem(r[0], warning, "warning")
            for r in self.db.execute(
                "SELECT path, problems FROM articles WHERE problems != '[]' ORDER BY path"
            )
            for warning in json.loads(r[1])
        ]
        lookups = IndexLookups(self.db)
        for row in self.db.execute(
            "SELECT path, related FROM articles WHERE format = 'markdown' AND related != '[]' ORDER BY path"
        ).fetchall():
            for ref, _title, _summary in json.loads(row[1]):
                if resolve(ref, row[0], lookups) is None:
                    warnings.append(Problem(row[0], f"related {ref!r} matches no article", "warning"))
        return errors + sorted(warnings, key=lambda p: p.path)
