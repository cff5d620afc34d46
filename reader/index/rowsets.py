"""The rows of a list, fetched a window at a time: what the article list draws from."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

RowT = TypeVar("RowT")


class Rows(Generic[RowT]):
    """A view's (or a search's) rows in order; only the rows asked for are read."""

    def __init__(
        self,
        rowids: list[int],
        fetch: Callable[[list[int]], Mapping[int, RowT]],
        rowid_of: Callable[[str], int | None],
        *,
        length: int | None = None,
    ) -> None:
        self._rowids = rowids
        self._fetch = fetch
        self._rowid_of = rowid_of
        self._length = max(len(rowids), length or 0)  # more than the row ids: the rest is coming

    def __len__(self) -> int:
        return self._length

    def window(self, start: int, stop: int) -> list[RowT | None]:
        """The rows at positions [start, stop) that are known; None for one that has left the index
        meanwhile."""
        wanted = self._rowids[max(start, 0) : stop]
        if not wanted:
            return []
        found = self._fetch(wanted)
        return [found.get(rowid) for rowid in wanted]

    def position_of(self, article_id: str | None) -> int | None:
        """Where an article is in these rows, or None."""
        rowid = self._rowid_of(article_id) if article_id else None
        if rowid is None:
            return None
        try:
            return self._rowids.index(rowid)
        except ValueError:
            return None
