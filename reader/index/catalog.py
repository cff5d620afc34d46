"""The index's catalogue: categories with counts, the rows of a list, and whole articles."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from functools import partial
from pathlib import Path

from reader.categories import CategoryKey, build_tree, category_key
from reader.formats import EXTENSIONS
from reader.index.connections import ConnectionFactory
from reader.index.records import Summary, ViewSpec
from reader.index.rows import ARTICLE_COLUMNS, KEY_SEPARATOR, from_row, key_range, key_string
from reader.index.rowsets import Rows
from reader.index.windows import ORDERS, Filter, KeysetRows, marked_length, now
from reader.model import Article, CategoryNode, NotFound, Published
from reader.scan import display_path
from reader.text import fold

ORDER = "a.ts DESC, a.title_key"
SORTS = {
    "newest": "a.ts DESC, a.title_key, a.rowid",
    "oldest": "a.ts, a.title_key, a.rowid",
    "title": "a.title_key, a.ts DESC, a.rowid",
    "unread": "coalesce(m.read, 0), a.ts DESC, a.title_key, a.rowid",
}
CHUNK = 500


class Catalog:
    """Read-only questions about what the index holds; marks come from the attached state file."""

    def __init__(self, connections: ConnectionFactory, *, with_marks: bool) -> None:
        self._connections = connections
        self.with_marks = with_marks

    def count(self) -> int:
        """How many articles the index lists (exact copies count once)."""
        return int(self._db().execute("SELECT count(*) FROM articles WHERE copy_of IS NULL").fetchone()[0])

    def _db(self) -> sqlite3.Connection:
        return self._connections.get()

    # Categories -------------------------------------------------------------------------

    def category_key_of(self, levels: tuple[str, ...]) -> CategoryKey:
        """The merge key of a category a user typed, matched loosely (diacritics) if need be."""
        wanted = category_key(levels)
        names = dict(self._db().execute("SELECT cat_key, names FROM catmap"))
        keys = sorted(names)
        low, high = key_range(wanted)
        if any(low <= key < high for key in keys):
            return wanted
        folded = [fold(level) for level in wanted]
        paths = [tuple(key.split(KEY_SEPARATOR)[:-1]) for key in keys]
        for parts in paths:
            if len(parts) >= len(folded) and [fold(p) for p in parts[: len(folded)]] == folded:
                return parts[: len(folded)]
        ending = {parts for parts in paths if [fold(p) for p in parts[-len(folded) :]] == folded}
        if len(ending) == 1:
            return ending.pop()  # `Football` for `Sport › Football`, when no other category ends so
        if ending:
            choices = ", ".join(sorted(" / ".join(json.loads(names[key_string(parts)])) for parts in ending))
            raise NotFound(f"category {'/'.join(levels)!r} could be any of: {choices}")
        raise NotFound(f"no category {'/'.join(levels)!r}")

    def categories(self, *, with_unread: bool = False) -> CategoryNode:
        """The category tree; counts include subcategories (unread needs the marks)."""
        read: dict[str, int] = {}
        if with_unread and self.with_marks:
            read = dict(
                self._db().execute(
                    "SELECT a.raw_cat, count(*) FROM state.marks m CROSS JOIN articles a ON a.id = m.id "
                    "WHERE m.read = 1 AND a.copy_of IS NULL GROUP BY a.raw_cat"
                )
            )
        merged: dict[tuple[str, ...], list[int]] = {}
        positions: dict[CategoryKey, int] = {}
        rows = self._db().execute("SELECT raw_cat, names, positions, articles FROM catmap WHERE articles > 0")
        for raw, names, placed, articles in rows:
            shown = tuple(json.loads(names))
            counts = merged.setdefault(shown, [0, 0])
            counts[0] += articles
            counts[1] += articles - read.get(raw, 0) if with_unread else 0
            for depth, position in enumerate(json.loads(placed)):
                key = category_key(shown[: depth + 1])
                if position is not None and depth < len(shown):
                    positions[key] = min(positions.get(key, position), position)
        return build_tree(
            ((category_key(names), names, count, unread) for names, (count, unread) in merged.items()),
            positions=positions,
        )

    def category_of(self, article_id: str) -> tuple[str, ...]:
        """The category (display names) an article is shown under."""
        row = (
            self._db()
            .execute(
                "SELECT c.names FROM articles a JOIN catmap c ON c.raw_cat = a.raw_cat WHERE a.id = ?",
                (article_id,),
            )
            .fetchone()
        )
        return tuple(json.loads(row[0])) if row else ()

    def raw_categories_under(self, key: CategoryKey) -> list[str]:
        """The categories, as files give them, that are shown under a category (and below)."""
        low, high = key_range(key)
        rows = self._db().execute(
            "SELECT raw_cat FROM catmap WHERE cat_key >= ? AND cat_key < ?", (low, high)
        )
        return [row[0] for row in rows]

    # Lists --------------------------------------------------------------------------------

    def _where(self, spec: ViewSpec) -> tuple[list[str], list[object]]:
        """The SQL conditions (on `articles a`) of a view's category and star."""
        where: list[str] = ["a.copy_of IS NULL"]  # exact copies are listed once
        params: list[object] = []
        if spec.category:
            raws = self.raw_categories_under(spec.category)
            where.append(f"a.raw_cat IN ({','.join('?' * len(raws))})")
            params += raws
        if spec.starred and self.with_marks:
            where.append(
                "a.rowid IN (SELECT a.rowid FROM state.marks m CROSS JOIN articles a "
                "ON a.id = m.id WHERE m.starred = 1)"
            )
        return where, params

    def rows(self, spec: ViewSpec) -> Rows[Summary] | KeysetRows[Summary]:
        """A view's rows, read a window at a time by keyset (the unread-first order reads them all)."""
        if spec.sort == "unread" and self.with_marks:
            return Rows(self.view_rowids(spec), self.summaries, self.rowid_of)
        raws = tuple(self.raw_categories_under(spec.category)) if spec.category else None
        keep = self.rowid_of(spec.keep) if spec.keep and spec.unread_only else None
        marks = self.with_marks
        view = Filter(raws, spec.starred and marks, spec.unread_only and marks, keep, now())
        listed = partial(self._listed, raws)
        length = marked_length(self._db(), view, listed) if view.by_marks else listed()
        return KeysetRows(
            self._db, view, spec.sort if spec.sort in ORDERS else "newest", self.summaries, length
        )

    def _listed(self, raws: tuple[str, ...] | None) -> int:
        """How many articles the index counts in some categories (all of them by default)."""
        if raws is None:
            return int(self._db().execute("SELECT coalesce(sum(articles), 0) FROM catmap").fetchone()[0])
        marks = ",".join("?" * len(raws))
        sql = f"SELECT coalesce(sum(articles), 0) FROM catmap WHERE raw_cat IN ({marks})"
        return int(self._db().execute(sql, raws).fetchone()[0])

    def has_dates(self, spec: ViewSpec) -> bool:
        """True when some article of the view gives a publication date."""
        where, params = self._where(spec)
        sql = "SELECT 1 FROM articles a WHERE a.undated = 0" + "".join(f" AND {w}" for w in where)
        return self._db().execute(sql + " LIMIT 1", params).fetchone() is not None

    def view_rowids(self, spec: ViewSpec) -> list[int]:
        """Row ids of a view, in the view's order."""
        where, params = self._where(spec)
        sort = spec.sort if spec.sort != "unread" or self.with_marks else "newest"
        sql = "SELECT a.rowid FROM articles a"
        if sort == "unread":
            sql += " LEFT JOIN state.marks m ON m.id = a.id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        cursor = self._db().cursor()
        cursor.row_factory = None  # plain tuples: a third faster than Row objects for 100k ids
        rowids = [row[0] for row in cursor.execute(f"{sql} ORDER BY {SORTS[sort]}", params)]
        if spec.unread_only and self.with_marks:
            read = self._read_rowids() - {self.rowid_of(spec.keep or "")}
            rowids = [rowid for rowid in rowids if rowid not in read]
        return rowids

    def _read_rowids(self) -> set[int]:
        """Row ids of the articles marked read: as many lookups as marks."""
        rows = self._db().execute(
            "SELECT a.rowid FROM state.marks m CROSS JOIN articles a ON a.id = m.id WHERE m.read = 1"
        )
        return {row[0] for row in rows}

    def summaries(self, rowids: list[int]) -> dict[int, Summary]:
        """List rows for some row ids (a screenful at a time), with their marks."""
        marks = ", coalesce(m.read, 0), coalesce(m.starred, 0)" if self.with_marks else ", 0, 0"
        join = " LEFT JOIN state.marks m ON m.id = a.id" if self.with_marks else ""
        found: dict[int, Summary] = {}
        for chunk in _chunks(rowids):
            rows = self._db().execute(
                "SELECT a.rowid, a.id, a.title, a.published, a.has_time, a.raw_cat, c.names, a.ts, "
                "EXISTS (SELECT 1 FROM files f WHERE f.article = a.rowid AND f.problem IS NOT NULL)"
                + marks
                + f" FROM articles a LEFT JOIN catmap c ON c.raw_cat = a.raw_cat{join} "
                f"WHERE a.rowid IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for rowid, id_, title, published, has_time, raw, names, ts, broken, read, starred in rows:
                when = _when(published, bool(has_time), ts)
                category = tuple(json.loads(names or "[]")) or tuple(json.loads(raw)[0])
                flags = bool(read), bool(starred), bool(broken), published is None and when is not None
                found[rowid] = Summary(rowid, id_, title, when, category, *flags)
        return found

    def file_problem(self, article_id: str) -> str | None:
        """Why the article's file cannot be read now (its last good text is shown), or None."""
        row = (
            self._db()
            .execute(
                "SELECT f.problem FROM files f JOIN articles a ON a.rowid = f.article WHERE a.id = ?",
                (article_id,),
            )
            .fetchone()
        )
        return str(row[0]) if row and row[0] else None

    def copies_of(self, article_id: str) -> list[str]:
        """The paths of the other files with exactly the same article (title, lead and body)."""
        rows = self._db().execute(
            "SELECT b.path FROM articles a JOIN articles b ON b.content_key = a.content_key "
            "WHERE a.id = ? AND b.rowid != a.rowid ORDER BY b.path",
            (article_id,),
        )
        return [str(row[0]) for row in rows]

    def ids_of(self, rowids: list[int]) -> list[str]:
        """The article ids of some row ids, in that order."""
        found: dict[int, str] = {}
        for chunk in _chunks(rowids):
            marks = ",".join("?" * len(chunk))
            found.update(
                self._db().execute(f"SELECT rowid, id FROM articles WHERE rowid IN ({marks})", chunk)
            )
        return [found[rowid] for rowid in rowids if rowid in found]

    def starred_counts(self) -> tuple[int, int]:
        """(unread, all) starred articles that are in the folder."""
        if not self.with_marks:
            return (0, 0)
        row = (
            self._db()
            .execute(
                "SELECT count(*) - sum(m.read), count(*) FROM state.marks m "
                "CROSS JOIN articles a ON a.id = m.id WHERE m.starred = 1 AND a.copy_of IS NULL"
            )
            .fetchone()
        )
        return (int(row[0] or 0), int(row[1] or 0))

    def titles_matching(self, text: str, limit: int) -> list[tuple[str, str]]:
        """(id, title) of articles whose title contains every folded word, newest first."""
        words = fold(text).split()
        if not words:
            return []
        where = " AND ".join("title_key LIKE ? ESCAPE '\\'" for _ in words)
        params = ["%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for w in words]
        rows = self._db().execute(
            f"SELECT id, title FROM articles a WHERE {where} AND a.copy_of IS NULL ORDER BY {ORDER} LIMIT ?",
            (*params, limit),
        )
        return [(r[0], r[1]) for r in rows]

    # Articles -------------------------------------------------------------------------------

    def rowid_of(self, article_id: str) -> int | None:
        """The row id of an article id."""
        row = self._db().execute("SELECT rowid FROM articles WHERE id = ?", (article_id,)).fetchone()
        return int(row[0]) if row else None

    def rowid_by_path(self, ref: str, root: Path) -> int | None:
        """The row id of the article at a path (relative to the root, or as given on a command line)."""
        candidates = [ref]
        if os.path.exists(ref):
            relative = os.path.relpath(os.path.realpath(ref), os.path.realpath(root))
            if not relative.startswith(".."):
                candidates.append(display_path(Path(relative).as_posix()))
        for candidate in candidates:
            row = self._db().execute("SELECT rowid FROM articles WHERE path = ?", (candidate,)).fetchone()
            if row is None and os.path.splitext(candidate)[1].lower() not in EXTENSIONS:
                row = self._db().execute("SELECT rowid FROM articles WHERE id = ?", (candidate,)).fetchone()
            if row is not None:
                return int(row[0])
        return None

    def articles(self, rowids: list[int], *, with_body: bool) -> Iterator[Article]:
        """Whole articles for some row ids, in that order."""
        columns = ARTICLE_COLUMNS if with_body else ARTICLE_COLUMNS.replace(" body,", "")
        columns = ", ".join("a." + name.strip() for name in columns.split(","))
        for chunk in _chunks(rowids):
            db = self._db()
            marks = ",".join("?" * len(chunk))
            cursor = db.execute(
                f"SELECT a.rowid AS rowid, {columns}, c.names AS names FROM articles a "
                f"LEFT JOIN catmap c ON c.raw_cat = a.raw_cat WHERE a.rowid IN ({marks})",
                chunk,
            )
            names = [d[0] for d in cursor.description]
            rows = {row[0]: dict(zip(names, row, strict=True)) for row in cursor}
            for rowid in chunk:
                if rowid in rows:
                    row = rows[rowid]
                    yield from_row(row, tuple(json.loads(row["names"] or "[]")))


def _when(published: str | None, has_time: bool, ts: float) -> Published | None:
    """The publication time, else (for an article that gives none) its file's day, if known."""
    if published:
        return Published(datetime.fromisoformat(published), has_time)
    if ts > 0:
        return Published(datetime.fromtimestamp(ts), has_time=False)
    return None


def _chunks(rowids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(rowids), CHUNK):
        yield rowids[start : start + CHUNK]
