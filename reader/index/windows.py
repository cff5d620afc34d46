"""A view's rows read by keyset, a window at a time: no view ever loads all its row ids.

A window is found from the nearest row whose sort key is already known (the rows
just above it, as a person scrolls), so reading it costs the rows it holds, not its
position. The length comes from the counts the index keeps per category; where a
position is needed (the cursor's article), the rows before it are counted in the
index. A category with several categories under it is read as one ordered range
per category, merged by SQLite, so that no window sorts the whole category.

A view that depends on marks (unread only, starred) keeps every article whose marks
changed since the view was made: reading an article does not pull the rows from
under the cursor. The next reload of the view drops them.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

RowT = TypeVar("RowT")
Key = tuple[object, ...]
MAX_MERGED = 64  # above this many categories in a view, one range scan with a filter is cheaper
NEAR = 4096  # how far past a known key a window is still read from it, not from the ends
KEPT_KEYS = 20_000  # known keys kept at most (a few hundred bytes each)

ORDERS: dict[str, tuple[tuple[str, bool], ...]] = {  # (column, descending)
    "newest": (("ts", True), ("title_key", False), ("rowid", False)),
    "oldest": (("ts", False), ("title_key", False), ("rowid", False)),
    "title": (("title_key", False), ("ts", True), ("rowid", False)),
}


# A mark `m` that puts its article in a starred view, and one that takes it out of an unread view,
# as of the view's making (`?`: its `since`): marks changed after it keep the view as it was.
_STARRED = "(m.starred = 1 OR m.changed_at >= ?)"
_READ_BEFORE = "(m.read = 1 AND m.changed_at < ?)"


@dataclass(frozen=True, slots=True)
class Filter:
    """The conditions of a view: its categories (None: all), marks, and the article kept in it."""

    raw_categories: tuple[str, ...] | None
    starred: bool = False
    unread_only: bool = False
    keep_rowid: int | None = None
    since: float = 0.0

    def sql(self) -> tuple[str, list[object]]:
        """The view's conditions on `articles a`, apart from the category."""
        where, params = ["a.copy_of IS NULL"], list[object]()
        if self.starred:
            where.append(f"EXISTS (SELECT 1 FROM state.marks m WHERE m.id = a.id AND {_STARRED})")
            params.append(self.since)
        if self.unread_only:
            kept = " OR a.rowid = ?" if self.keep_rowid is not None else ""
            read = f"EXISTS (SELECT 1 FROM state.marks m WHERE m.id = a.id AND {_READ_BEFORE})"
            where.append(f"(NOT {read}{kept})")
            params += [self.since] + ([self.keep_rowid] if self.keep_rowid is not None else [])
        return " AND ".join(where), params

    @property
    def by_marks(self) -> bool:
        """True when the marks decide which articles are in the view."""
        return self.starred or self.unread_only


def marked_length(db: sqlite3.Connection, view: Filter, listed: Callable[[], int]) -> int:
    """How many rows a view that depends on marks has, counted through the marks: as many lookups
    as marks, where counting the view's own rows reads every article (a third of a second at a
    million). An unread-only view is all it lists (`listed`) less the articles read before it was made."""
    categories, params = "", list[object]()
    if view.raw_categories is not None:
        categories = f" AND a.raw_cat IN ({','.join('?' * len(view.raw_categories))})"
        params = list(view.raw_categories)
    kept = "a.rowid = ?" if view.keep_rowid is not None else "0"
    keep = [view.keep_rowid] if view.keep_rowid is not None else []
    sql = "SELECT count(*) FROM state.marks m CROSS JOIN articles a ON a.id = m.id WHERE a.copy_of IS NULL"
    sql += categories
    if view.starred:
        sql += f" AND {_STARRED}"
        params.append(view.since)
        if view.unread_only:
            sql += f" AND (NOT ({_READ_BEFORE}) OR {kept})"
            params += [view.since, *keep]
        return int(db.execute(sql, params).fetchone()[0])
    sql += f" AND {_READ_BEFORE} AND NOT {kept}"
    # The counts kept per category trail a first index by a few seconds: never fewer than none.
    return max(0, listed() - int(db.execute(sql, [*params, view.since, *keep]).fetchone()[0]))


class KeysetRows(Generic[RowT]):
    """A view's rows in the view's order, read a window at a time by keyset (see the module)."""

    def __init__(
        self,
        db: Callable[[], sqlite3.Connection],
        view: Filter,
        sort: str,
        fetch: Callable[[list[int]], Mapping[int, RowT]],
        length: int | None = None,
    ) -> None:
        self._db = db
        self._view = view
        self._order = ORDERS[sort]
        self._fetch = fetch
        self._keys: dict[int, Key] = {}
        self._length = length if length is not None else self._count(None, before=False)

    def __len__(self) -> int:
        return self._length

    def window(self, start: int, stop: int) -> list[RowT | None]:
        """The rows at positions [start, stop); None for one that has left the index meanwhile."""
        start, stop = max(start, 0), min(stop, self._length)
        if stop <= start:
            return []
        keyed = self._read(start, stop)
        if len(self._keys) > KEPT_KEYS:
            self._keys.clear()
        for offset, (rowid, *key) in enumerate(keyed):
            self._keys[start + offset] = (*key, rowid)
        found = self._fetch([row[0] for row in keyed])
        rows: list[RowT | None] = [found.get(row[0]) for row in keyed]
        return rows + [None] * (stop - start - len(rows))

    def position_of(self, article_id: str | None) -> int | None:
        """Where an article is in these rows (counted in the index), or None."""
        if not article_id:
            return None
        columns = ", ".join(f"a.{column}" for column, _ in self._order)
        where, params = self._view.sql()
        categories, more = self._categories()
        sql = f"SELECT {columns} FROM articles a WHERE a.id = ? AND {where}{categories}"
        row = self._db().execute(sql, [article_id, *params, *more]).fetchone()
        if row is None:
            return None
        position = self._count(tuple(row), before=True)
        return position if position < self._length else None

    # Reading ----------------------------------------------------------------------------

    def _read(self, start: int, stop: int) -> list[tuple[Any, ...]]:
        """(rowid, *key) of rows [start, stop): after the nearest known key, else from an end."""
        known = [at for at in self._keys if start - NEAR <= at < start] if start else []
        if known:
            nearest = max(known)
            return self._select(stop - start, after=self._keys[nearest], offset=start - nearest - 1)
        if self._length - stop < start:  # nearer the end: count from there
            return self._select(stop - start, after=None, offset=self._length - stop, reverse=True)[::-1]
        return self._select(stop - start, after=None, offset=start)

    def _select(
        self, limit: int, *, after: Key | None, offset: int, reverse: bool = False
    ) -> list[tuple[Any, ...]]:
        """(rowid, *key) of `limit` rows past `offset` rows after the key `after`, in order."""
        if limit <= 0:
            return []
        order = [(column, descending != reverse) for column, descending in self._order]
        keys = ", ".join(f"a.{column}" for column, _ in order[:-1])
        where, params = self._view.sql()
        if after is not None:
            condition, more = _past(order, after)
            where, params = f"{where} AND {condition}", params + more
        sort = ", ".join(f"{column}{' DESC' if down else ''}" for column, down in order)
        raws = self._view.raw_categories
        if raws is not None and 1 < len(raws) <= MAX_MERGED:
            part = (
                f"SELECT * FROM (SELECT a.rowid AS rowid, {keys} FROM articles a "
                f"WHERE a.raw_cat = ? AND {where} ORDER BY {_qualified(sort)} LIMIT {limit + offset})"
            )
            sql = " UNION ALL ".join([part] * len(raws))
            sql = f"SELECT * FROM ({sql}) ORDER BY {sort} LIMIT {limit} OFFSET {offset}"
            all_params = [value for raw in raws for value in (raw, *params)]
        else:
            categories, more = self._categories()
            sql = (
                f"SELECT a.rowid AS rowid, {keys} FROM articles a WHERE {where}{categories} "
                f"ORDER BY {_qualified(sort)} LIMIT {limit} OFFSET {offset}"
            )
            all_params = params + more
        cursor = self._db().cursor()
        cursor.row_factory = None
        return [tuple(row) for row in cursor.execute(sql, all_params)]

    def _categories(self) -> tuple[str, list[object]]:
        raws = self._view.raw_categories
        if raws is None:
            return "", []
        return f" AND a.raw_cat IN ({','.join('?' * len(raws))})", list(raws)

    def _count(self, key: Key | None, *, before: bool) -> int:
        """How many rows the view has (before `key`, when given)."""
        where, params = self._view.sql()
        if key is not None:
            condition, more = _past([(c, not d) for c, d in self._order], key)
            where, params = f"{where} AND {condition}", params + more
        raws = self._view.raw_categories
        if raws is not None and len(raws) > 1 and len(raws) <= MAX_MERGED:
            sql = f"SELECT count(*) FROM articles a WHERE a.raw_cat = ? AND {where}"
            db = self._db()
            return sum(int(db.execute(sql, [raw, *params]).fetchone()[0]) for raw in raws)
        categories, more = self._categories()
        sql = f"SELECT count(*) FROM articles a WHERE {where}{categories}"
        return int(self._db().execute(sql, params + more).fetchone()[0])


def _past(order: Sequence[tuple[str, bool]], key: Key) -> tuple[str, list[object]]:
    """The condition for rows strictly after `key` in this order (a lexicographic comparison)."""
    (column, down), *rest = order
    beyond = f"a.{column} {'<' if down else '>'} ?"
    if not rest:
        return beyond, [key[0]]
    inner, params = _past(rest, key[1:])
    bound = f"a.{column} {'<=' if down else '>='} ?"
    return f"{bound} AND ({beyond} OR {inner})", [key[0], key[0], *params]


def _qualified(sort: str) -> str:
    return ", ".join(f"a.{part.strip()}" for part in sort.split(","))


def now() -> float:
    """The time marks are compared with (their `changed_at`)."""
    return time.time()
