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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.text import Text

from reader.categories import CategoryKey, build_tree, category_key
from reader.formats import EXTENSIONS
from reader.index.db import connect, index_path, remove_index
from reader.index.rows import ARTICLE_COLUMNS, KEY_SEPARATOR, from_row, key_range, raw_category
from reader.index.search import highlight, search_rowids, similar_rowids, snippet
from reader.index.sync import Changes, Progress, sync_folder, sync_paths
from reader.model import Article, CategoryNode, FolderError, NotFound, Problem, Published, Related
from reader.query import Query, parse_query
from reader.related import related_of, resolve
from reader.text import fold

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


@dataclass(frozen=True, slots=True)
class Summary:
    """What a list shows of an article: no body, no lead."""

    rowid: int
    id: str
    title: str
    published: Published | None
    category: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Hit(Summary):
    """A search result row: a summary with its title highlighted and a snippet."""

    title_text: Text
    snippet: Text


def _fields(summary: Summary) -> tuple[int, str, str, Published | None, tuple[str, ...]]:
    return summary.rowid, summary.id, summary.title, summary.published, summary.category


class Library:
    """A folder of article files, indexed, with its categories and related links."""

    def __init__(self, root: Path, *, index: Path | None = None, state: Path | None = None) -> None:
        self.root = root
        self.index_file = index or index_path(root)
        self.state_file = state
        self._local = threading.local()
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
        if db is None:
            db = connect(self.index_file)
            db.row_factory = sqlite3.Row
            if self.state_file is not None:
                db.execute("ATTACH DATABASE ? AS state", (f"file:{self.state_file}?mode=ro",))
            self._local.db = db
        return db

    def sync(self, progress: Progress | None = None) -> Changes:
        """Read new and changed files into the index; drop vanished ones."""
        self._names_version = -1
        try:
            return sync_folder(self.db, self.root, progress)
        except sqlite3.DatabaseError:
            self.rebuild()
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

    def _category_names(self) -> dict[str, tuple[tuple[str, ...], str]]:
        """raw category -> (display names, key string), reloaded when the index changes."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._names_version or not self._names:
            rows = self.db.execute("SELECT raw_cat, cat_key, names FROM catmap").fetchall()
            self._names = {r["raw_cat"]: (tuple(json.loads(r["names"])), r["cat_key"]) for r in rows}
            self._names_version = version
        return self._names

    def category_key_of(self, category: str | tuple[str, ...]) -> CategoryKey:
        """The merge key of a category a user typed, matched loosely (diacritics) if need be."""
        levels = (
            tuple(p.strip() for p in category.split("/") if p.strip())
            if isinstance(category, str)
            else category
        )
        wanted = category_key(levels)
        keys = {key for _names, key in self._category_names().values()}
        low, high = key_range(wanted)
        if any(low <= key < high for key in keys):
            return wanted
        folded = [fold(level) for level in wanted]
        for key in sorted(keys):
            parts = key.split(KEY_SEPARATOR)[:-1]
            if len(parts) >= len(folded) and [fold(p) for p in parts[: len(folded)]] == folded:
                return tuple(parts[: len(folded)])
        raise NotFound(f"no category {'/'.join(levels)!r}")

    def categories(self, *, with_unread: bool = False) -> CategoryNode:
        """The category tree; counts include subcategories (unread needs the state file)."""
        read: dict[str, int] = {}
        if with_unread and self.state_file is not None:
            read = dict(
                self.db.execute(
                    "SELECT a.raw_cat, count(*) FROM state.marks m CROSS JOIN articles a ON a.id = m.id "
                    "WHERE m.read = 1 GROUP BY a.raw_cat"
                ).fetchall()
            )
        merged: dict[tuple[str, ...], list[int]] = {}
        for raw, names, articles in self.db.execute("SELECT raw_cat, names, articles FROM catmap"):
            counts = merged.setdefault(tuple(json.loads(names)), [0, 0])
            counts[0] += articles
            counts[1] += articles - read.get(raw, 0) if with_unread else 0
        return build_tree(_expand(merged))

    # Listing --------------------------------------------------------------------

    def view_rowids(
        self,
        *,
        category: CategoryKey | None = None,
        starred: bool = False,
        unread_only: bool = False,
        keep: str | None = None,
    ) -> list[int]:
        """Row ids of a view, newest first: all, a category and below, or the starred."""
        where: list[str] = []
        params: list[object] = []
        if category:
            low, high = key_range(category)
            raws = [
                r[0]
                for r in self.db.execute(
                    "SELECT raw_cat FROM catmap WHERE cat_key >= ? AND cat_key < ?", (low, high)
                )
            ]
            where.append(f"a.raw_cat IN ({','.join('?' * len(raws))})")
            params += raws
        if starred and self.state_file is not None:
            where.append(
                "a.rowid IN (SELECT a.rowid FROM state.marks m CROSS JOIN articles a "
                "ON a.id = m.id WHERE m.starred = 1)"
            )
        sql = "SELECT a.rowid FROM articles a"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.undated, a.ts DESC, a.title_key"
        rowids = [row[0] for row in self.db.execute(sql, params)]
        if unread_only and self.state_file is not None:
            read = self._marked_rowids("read") - {self.rowid_of(keep or "")}
            rowids = [rowid for rowid in rowids if rowid not in read]
        return rowids

    def _marked_rowids(self, mark: str) -> set[int]:
        """Row ids of the articles marked read (or starred): as many lookups as marks."""
        column = {"read": "m.read", "starred": "m.starred"}[mark]
        rows = self.db.execute(
            f"SELECT a.rowid FROM state.marks m CROSS JOIN articles a ON a.id = m.id WHERE {column} = 1"
        )
        return {row[0] for row in rows}

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

    def category_of(self, article_id: str) -> tuple[str, ...]:
        """The category (display names) an article is shown under."""
        row = self.db.execute("SELECT raw_cat FROM articles WHERE id = ?", (article_id,)).fetchone()
        return self._category_names().get(row[0], ((), ""))[0] if row else ()

    def starred_counts(self) -> tuple[int, int]:
        """(unread, all) starred articles that are in the folder."""
        if self.state_file is None:
            return (0, 0)
        row = self.db.execute(
            "SELECT count(*) - sum(m.read), count(*) FROM state.marks m CROSS JOIN articles a ON a.id = m.id "
            "WHERE m.starred = 1"
        ).fetchone()
        return (int(row[0] or 0), int(row[1] or 0))

    def titles_matching(self, text: str, limit: int = 40) -> list[tuple[str, str]]:
        """(id, title) of articles whose title contains every folded word, newest first."""
        words = fold(text).split()
        if not words:
            return []
        where = " AND ".join("title_key LIKE ? ESCAPE '\\'" for _ in words)
        params = ["%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for w in words]
        rows = self.db.execute(
            f"SELECT id, title FROM articles WHERE {where} ORDER BY undated, ts DESC LIMIT ?",
            (*params, limit),
        )
        return [(r[0], r[1]) for r in rows]

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
                candidates.append(Path(relative).as_posix())
        for candidate in candidates:
            row = self.db.execute("SELECT rowid FROM articles WHERE path = ?", (candidate,)).fetchone()
            if row is None and os.path.splitext(candidate)[1].lower() not in EXTENSIONS:
                row = self.db.execute("SELECT rowid FROM articles WHERE id = ?", (candidate,)).fetchone()
            if row is not None:
                return int(row[0])
        return None

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    # Related stories ----------------------------------------------------------------

    def related(self, article: Article | str) -> list[Related]:
        """The article's related stories as its file names them, resolved where possible."""
        if isinstance(article, str):
            article = self.get(article)
        return related_of(article, IndexLookups(self.db))

    def same_category(self, article: Article, limit: int = 5) -> list[Related]:
        """Other stories of the article's category, newest first."""
        raw = self.db.execute("SELECT raw_cat FROM articles WHERE id = ?", (article.id,)).fetchone()
        if raw is None:
            return []
        key = self._category_names().get(raw[0], ((), ""))[1]
        rows = self.db.execute(
            "SELECT a.id, a.title, a.lead FROM articles a JOIN catmap c ON c.raw_cat = a.raw_cat "
            "WHERE c.cat_key = ? AND a.id != ? ORDER BY a.undated, a.ts DESC, a.title_key LIMIT ?",
            (key, article.id, limit),
        )
        return [Related(r[1], r[2], r[0], kind="category") for r in rows]

    def similar(self, article: Article, limit: int = 5) -> list[Related]:
        """Up to `limit` stories like this one, same category first, itself excluded."""
        rowid = self.rowid_of(article.id)
        if rowid is None:
            return []
        text = " ".join((article.title, article.title, article.lead, article.body))
        rowids = similar_rowids(self.db, rowid, text, limit=limit * 4)
        if not rowids:
            return []
        names = self._category_names()
        marks = ",".join("?" * len(rowids))
        rows = {
            r[0]: r
            for r in self.db.execute(
                f"SELECT rowid, id, title, lead, raw_cat FROM articles WHERE rowid IN ({marks})",
                rowids,
            )
        }
        own = names.get(raw_category(article), ((), ""))[1]
        ranked = sorted(rowids, key=lambda r: (names.get(rows[r][4], ((), ""))[1] != own, rowids.index(r)))
        return [
            Related(rows[r][2], rows[r][3], rows[r][1], kind="similar") for r in ranked[:limit] if r in rows
        ]

    # Search -------------------------------------------------------------------------

    def search(self, query: str | Query, *, limit: int = 500) -> list[int]:
        """Row ids matching a query, best first; raises QueryError for a malformed query."""
        parsed = parse_query(query) if isinstance(query, str) else query
        if parsed.is_empty():
            return []
        return search_rowids(self.db, parsed, limit=limit, with_state=self.state_file is not None)

    def hits(self, rowids: list[int], query: Query) -> dict[int, Hit]:
        """List rows for search results: the summary, the title highlighted, a snippet."""
        summaries = self.summaries(rowids)
        marks = ",".join("?" * len(rowids))
        words = query.highlight_words
        found = {}
        for rowid, lead, body in self.db.execute(
            f"SELECT rowid, lead, body FROM articles WHERE rowid IN ({marks})", rowids
        ):
            if rowid in summaries:
                base = summaries[rowid]
                found[rowid] = Hit(*_fields(base), highlight(base.title, words), snippet(lead, body, words))
        return found

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


class IndexLookups:
    """Related-story lookups answered by the index."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def _id_where(self, column: str, value: str) -> str | None:
        row = self.db.execute(
            f"SELECT id FROM articles WHERE {column} = ? ORDER BY undated, ts DESC LIMIT 1",
            (value,),
        ).fetchone()
        return str(row[0]) if row else None

    def id_by_id(self, value: str) -> str | None:
        """The id itself, if an article has it."""
        return self._id_where("id", value)

    def id_by_path(self, value: str) -> str | None:
        """The id of the article at this relative path."""
        return self._id_where("path", value)

    def id_by_title(self, folded_title: str) -> str | None:
        """The id of the newest article with this folded title."""
        return self._id_where("title_key", folded_title)

    def title_and_lead(self, article_id: str) -> tuple[str, str]:
        """An article's title and lead."""
        row = self.db.execute("SELECT title, lead FROM articles WHERE id = ?", (article_id,)).fetchone()
        return (str(row[0]), str(row[1])) if row else ("", "")


def _expand(
    merged: dict[tuple[str, ...], list[int]],
) -> Iterator[tuple[CategoryKey, tuple[str, ...], int, int]]:
    for names, (count, unread) in merged.items():
        yield category_key(names), names, count, unread
