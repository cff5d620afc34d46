"""The library's views: categories with counts, and the row ids of a filtered list."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from reader.categories import CategoryKey, build_tree, category_key
from reader.index.rows import KEY_SEPARATOR, key_range
from reader.model import CategoryNode, NotFound
from reader.text import fold


class ViewQueries:
    """Category and list queries of the Library (mixed into it)."""

    state_file: Path | None
    _names: dict[str, tuple[tuple[str, ...], str]]
    _names_version: int

    @property
    def db(self) -> sqlite3.Connection:
        """The index connection (the Library provides it)."""
        raise NotImplementedError

    def rowid_of(self, article_id: str) -> int | None:
        """The row id of an article id (the Library provides it)."""
        raise NotImplementedError

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
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples: a third faster than Row objects for 100k ids
        rowids = [row[0] for row in cursor.execute(sql, params)]
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


def _expand(
    merged: dict[tuple[str, ...], list[int]],
) -> Iterator[tuple[CategoryKey, tuple[str, ...], int, int]]:
    for names, (count, unread) in merged.items():
        yield category_key(names), names, count, unread
