"""What list and search rows carry (metadata only, never the body), and what a view asks for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reader.categories import CategoryKey
from reader.model import Published

Sort = Literal["newest", "oldest", "title", "unread"]

Matches = tuple[tuple[int, int], ...]
"""Where the words a search matched are in a text: (start, end) character offsets."""


@dataclass(frozen=True, slots=True)
class Summary:
    """What a list shows of an article: no body, no lead; its marks as they were read.

    `broken` says that its file cannot be read any more (the index keeps the last text);
    `approximate` that the article gives no date and `published` is its file's time.
    """

    rowid: int
    id: str
    title: str
    published: Published | None
    category: tuple[str, ...]
    read: bool = False
    starred: bool = False
    broken: bool = False
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result row: the article's summary, where its title matched, and a snippet."""

    summary: Summary
    title_matches: Matches
    snippet: str
    snippet_matches: Matches


@dataclass(frozen=True, slots=True)
class ViewSpec:
    """Which articles a list shows: all, a category and below, or the starred; maybe unread only.

    `keep` names an article that stays in an unread-only view after it is read (the
    one being read), so that it does not vanish from under the reader.
    """

    category: CategoryKey | None = None
    starred: bool = False
    unread_only: bool = False
    keep: str | None = None
    sort: Sort = "newest"
